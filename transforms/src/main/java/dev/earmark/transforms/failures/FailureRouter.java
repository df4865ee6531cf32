package dev.earmark.transforms.failures;

import dev.earmark.transforms.output.OutputWriteException;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.io.Serializable;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's one failure policy, used by every step that reads inputs:
 * <ul>
 *   <li>a fault of the input itself (a malformed listing row, a missing file, a file that is not
 *       the audio it claims to be) becomes exactly one dead letter, and the run goes on;
 *   <li>any other fault (permissions, a flaky store, an output that cannot be written) is rethrown,
 *       so the runner retries the bundle and fails the run if the fault persists.
 * </ul>
 * The router owns the {@code deadLetter.<REASON>} counters and the log line.
 */
public final class FailureRouter implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(FailureRouter.class);

  private final String stage;

  public FailureRouter(String stage) {
    this.stage = stage;
  }

  /**
   * Routes a fault reading {@code recording}'s file: emits its dead letter when the input is at
   * fault, otherwise rethrows it with the file's uri in the message.
   */
  public void fileFailed(Recording recording, IOException fault, DoFn.OutputReceiver<DeadLetter> deadLetters)
      throws IOException {
    String uri = recording.uri();
    if (!isInputFault(fault)) {
      throw fault.getMessage() != null && fault.getMessage().contains(uri)
          ? fault
          : new IOException(stage + ": " + uri + ": " + fault.getMessage(), fault);
    }
    reject(DeadLetter.forFile(recording, stage, fault), deadLetters);
  }

  /** Emits a dead letter for an input a check of ours rejected (no exception involved). */
  public void reject(DeadLetter deadLetter, DoFn.OutputReceiver<DeadLetter> deadLetters) {
    Metrics.counter(stage, "deadLetter." + deadLetter.error()).inc();
    LOG.warn("dead letter ({}): {}", deadLetter.error(), deadLetter.message());
    deadLetters.output(deadLetter);
  }

  /** Whether {@code fault} is the input's own: retrying cannot help, so it is dead-lettered. */
  public static boolean isInputFault(IOException fault) {
    return !(fault instanceof OutputWriteException)
        && DeadLetter.Reason.of(fault) != DeadLetter.Reason.UNREADABLE_FILE;
  }
}
