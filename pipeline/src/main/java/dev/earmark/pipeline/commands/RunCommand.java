package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.EarmarkOptions;
import dev.earmark.pipeline.EarmarkPipeline;
import dev.earmark.pipeline.EmbeddedFlink;
import dev.earmark.pipeline.RunOutcome;
import java.io.PrintStream;
import java.util.Set;
import org.apache.beam.runners.direct.DirectOptions;

/** {@code earmark run}: the pipeline over listings of recordings. */
public final class RunCommand implements Command<EarmarkOptions> {
  @Override
  public String name() {
    return "run";
  }

  @Override
  public String summary() {
    return "Runs the pipeline: finds sound events in the listed recordings and writes clips, per-night "
        + "event tables, memory metrics and a memory report under --output.";
  }

  @Override
  public String synopsis() {
    return "--listing=<glob> --output=<dir> [options]";
  }

  @Override
  public Class<EarmarkOptions> optionsType() {
    return EarmarkOptions.class;
  }

  @Override
  public boolean runsPipeline() {
    return true;
  }

  /**
   * DirectRunner defaults for a production run, each unless given on the command line:
   * <ul>
   *   <li>no immutability/encodability checks: they are test aids that walk the whole pipeline graph
   *       and re-encode every element per bundle (TestPipeline keeps them);
   *   <li>one worker thread per core, not Beam's max(cores, 3): the work is CPU-bound, and a third
   *       concurrent TensorFlow call on 2 cores only added its tensors and malloc arena (2 users x 2
   *       chunks, 2026-12-02: peak RSS 887 vs 688 MB, same wall time).
   * </ul>
   * An embedded Flink's servers always listen on loopback only ({@link EmbeddedFlink#bindToLoopback}).
   */
  @Override
  public void configure(EarmarkOptions options, Set<String> given) {
    DirectOptions direct = options.as(DirectOptions.class);
    if (!given.contains("enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!given.contains("enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    if (!given.contains("targetParallelism")) {
      direct.setTargetParallelism(Runtime.getRuntime().availableProcessors());
    }
    // Unset, Flink binds its BLOB server and REST endpoint to every interface: a laptop on a café network would offer them.
    EmbeddedFlink.bindToLoopback(options);
  }

  @Override
  public String epilog() {
    return String.join("\n",
        "exit codes:",
        "  " + RunOutcome.SUCCEEDED + "  completed, every input succeeded",
        "  " + RunOutcome.SOME_INPUTS_FAILED + "  completed, but some inputs (listing rows, audio files) became dead letters: "
            + "errors/<run_id>/ under --output, counts per reason in the last line",
        "  " + RunOutcome.FAILED + "  the run failed",
        "  " + CommandLine.USAGE_ERROR + "  bad options, or a preflight check failed: nothing ran");
  }

  /** Runs the job; the last line says how it went, and the exit code is {@link RunOutcome}'s. */
  @Override
  public int run(EarmarkOptions options, PrintStream out, PrintStream err) {
    RunOutcome outcome = EarmarkPipeline.run(options);
    (outcome.exitCode() == RunOutcome.FAILED ? err : out).println(outcome.summary());
    return outcome.exitCode();
  }
}
