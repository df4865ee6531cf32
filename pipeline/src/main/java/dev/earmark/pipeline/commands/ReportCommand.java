package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.report.MemoryReport;
import dev.earmark.pipeline.report.NightReports;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code earmark report --output=<root> [--runId=<id>] [--allNights]}: writes {@code
 * reports/<run_id>/memory.html} and {@code memory.md} from the run's metrics files alone, then the
 * night pages of the run's nights ({@code reports/nights/<user>/<day>.html}) and the nights index
 * from the events, manifests, clips and dead letters, so it works for old runs and Flink runs,
 * local or gs://.
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

    @Description("Write the night pages of every night under <output> (events tables and dead letters), not only "
        + "the run's nights.")
    @Default.Boolean(false)
    boolean getAllNights();

    void setAllNights(boolean value);
  }

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "Writes <output>/reports/<run_id>/memory.html and memory.md from <output>/metrics/<run_id>/ "
        + "(per-worker and per-user RSS, spikes, charts, the VM size to buy), then the run's night pages "
        + "<output>/reports/nights/<user>/<day>.html (timeline, events with clips and spectrograms) and "
        + "reports/nights/index.html.";
  }

  @Override
  public String synopsis() {
    return "--output=<root> [--runId=<id>] [--allNights]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err) {
    String runId = options.getRunId();
    boolean memoryWritten = false;
    try {
      MemoryReport.Written memory = MemoryReport.generate(options.getOutput(), runId);
      if (memory.malformedLines() > 0) {
        err.println("report: skipped " + memory.malformedLines() + " malformed lines in the metrics of run "
            + memory.runId());
      }
      out.println("report: " + memory.html());
      runId = memory.runId();
      memoryWritten = true;
    } catch (IllegalArgumentException e) {
      if (runId == null && !options.getAllNights()) {
        throw e; // no run to report on at all
      }
      // A run that skipped every recording has no metrics, and still has nights.
      err.println("report: no memory report: " + e.getMessage());
    }
    NightReports.Written nights;
    try {
      nights = NightReports.write(options.getOutput(), runId, options.getAllNights());
    } catch (IllegalArgumentException e) {
      if (!memoryWritten) {
        throw e;
      }
      err.println("report: " + e.getMessage()); // metrics without run.json (old or hand-made)
      return 0;
    }
    out.println("nights: " + nights.index() + " (" + nights.nights() + " nights, " + nights.pages() + " pages, "
        + String.format(Locale.ROOT, "%.1f s", nights.seconds()) + ")");
    return 0;
  }
}
