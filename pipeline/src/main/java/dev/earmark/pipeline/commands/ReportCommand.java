package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.report.MemoryReport;
import java.io.PrintStream;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code earmark report --output=<root> [--runId=<id>]}: writes {@code reports/<run_id>/memory.html}
 * and {@code memory.md} from the run's metrics files alone, so it works for old runs and Flink
 * runs, local or gs://.
 */
public final class ReportCommand implements Command<ReportCommand.Options> {
  /** {@code report}'s options. */
  public interface Options extends PipelineOptions {
    @Description("Output root of the run (local or gs://...).")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Run to report on; default: the newest run under <output>/metrics/.")
    String getRunId();

    void setRunId(String value);
  }

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "Writes <output>/reports/<run_id>/memory.html and memory.md from <output>/metrics/<run_id>/: "
        + "per-worker and per-user RSS, spikes, charts, and the VM size to buy.";
  }

  @Override
  public String synopsis() {
    return "--output=<root> [--runId=<id>]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err) {
    out.println("report: " + MemoryReport.write(options.getOutput(), options.getRunId()));
    return 0;
  }
}
