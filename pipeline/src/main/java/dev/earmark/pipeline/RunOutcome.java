package dev.earmark.pipeline;

import dev.earmark.transforms.failures.DeduplicateDeadLetters;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;

/**
 * How a {@code run} ended, and the one place that turns it into an exit code: 0 when every input
 * succeeded, {@link #SOME_INPUTS_FAILED} when the run completed but some inputs became dead letters,
 * {@link #FAILED} when the run itself failed (a fault of the job or its environment, not of an
 * input). {@code failedInputs} counts the dead-lettered inputs per reason; {@code counters} are all
 * the job's counters (none when it threw).
 */
public record RunOutcome(
    PipelineResult.State state, Map<String, Long> failedInputs, String failure, Map<String, Long> counters) {
  public static final int SUCCEEDED = 0;
  public static final int FAILED = 1;
  /** Documented in the README and {@code run --help}; 2 stays the usage error of every command. */
  public static final int SOME_INPUTS_FAILED = 3;

  public RunOutcome {
    failedInputs = Map.copyOf(failedInputs);
    counters = Map.copyOf(counters);
  }

  /** A finished job: its state and the per-reason counters of the inputs that failed. */
  public static RunOutcome of(PipelineResult.State state, Map<String, Long> counters) {
    Map<String, Long> failed = new TreeMap<>();
    counters.forEach((name, count) -> {
      if (name.startsWith(DeduplicateDeadLetters.FAILED_INPUTS) && count > 0) {
        failed.put(name.substring(DeduplicateDeadLetters.FAILED_INPUTS.length()), count);
      }
    });
    return new RunOutcome(state, failed, null, counters);
  }

  /**
   * A job that threw instead of finishing (the DirectRunner and Flink report failures so). The
   * reason given is the first I/O fault in the chain of causes: the runners wrap what a step threw
   * in their own exceptions, and the step's message names the file and the problem, which the
   * library fault beneath it (e.g. Google's "default credentials were not found") does not.
   */
  public static RunOutcome failed(Throwable error) {
    Throwable shown = error;
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      shown = t;
      if (t instanceof IOException) {
        break;
      }
    }
    String why = shown.getMessage() == null ? shown.getClass().getSimpleName()
        : shown.getClass().getSimpleName() + ": " + shown.getMessage().lines().findFirst().orElse("");
    return new RunOutcome(PipelineResult.State.FAILED, Map.of(), why, Map.of());
  }

  public long failedInputCount() {
    return failedInputs.values().stream().mapToLong(Long::longValue).sum();
  }

  public int exitCode() {
    if (state != PipelineResult.State.DONE) {
      return FAILED;
    }
    return failedInputCount() > 0 ? SOME_INPUTS_FAILED : SUCCEEDED;
  }

  /** One line: how the run ended, how many inputs failed and why, and the exit code. */
  public String summary() {
    return switch (exitCode()) {
      case SUCCEEDED -> "earmark run: completed, every input succeeded (exit code 0)";
      case SOME_INPUTS_FAILED -> {
        StringBuilder reasons = new StringBuilder();
        new TreeMap<>(failedInputs).forEach((reason, n) -> reasons.append(reasons.length() > 0 ? ", " : "").append(reason)
            .append(' ').append(n));
        yield "earmark run: completed, but " + failedInputCount() + (failedInputCount() == 1 ? " input" : " inputs")
            + " failed (" + reasons + "; one dead letter each under errors/) (exit code 3)";
      }
      default -> "earmark run: failed (" + state + (failure == null ? "" : ": " + failure) + ") (exit code 1)";
    };
  }
}
