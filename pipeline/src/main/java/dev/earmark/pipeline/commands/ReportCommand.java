package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.report.MemoryReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code earmark report --output=<root> [--runId=<id>]}: writes {@code reports/<run_id>/memory.html}
 * and {@code memory.md} from the run's metrics files alone, so it works for old runs and Flink
 * runs, local or gs:// (every other argument is one of Beam's filesystem options, e.g.
 * {@code --gcsEndpoint}).
 */
public final class ReportCommand {
  static final String USAGE = String.join("\n",
      "usage: earmark report --output=<root> [--runId=<id>] [Beam filesystem options, e.g. --gcsEndpoint=...]",
      "  writes <root>/reports/<run_id>/memory.html and memory.md from <root>/metrics/<run_id>/",
      "  (the newest run when --runId is not given): per-worker and per-user RSS, spikes, charts,",
      "  and the VM size to buy.");

  private ReportCommand() {}

  public static int run(String[] args, PrintStream out) {
    String output = null;
    String runId = null;
    List<String> beam = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        out.println(USAGE);
        return 0;
      } else if (a.startsWith("--output=")) {
        output = a.substring("--output=".length());
      } else if (a.startsWith("--runId=")) {
        runId = a.substring("--runId=".length());
      } else {
        beam.add(a);
      }
    }
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("--output=<root> is required\n" + USAGE);
    }
    PipelineOptions options = PipelineOptionsFactory.fromArgs(beam.toArray(String[]::new)).withValidation().create();
    FileSystems.setDefaultPipelineOptions(options);
    try {
      out.println("report: " + MemoryReport.write(output, runId));
      return 0;
    } catch (UncheckedIOException e) {
      System.err.println("earmark report: " + e.getMessage());
      return 1;
    }
  }
}
