package dev.earmark.transforms.output;

import java.io.IOException;

/**
 * Writing an output file failed (create, write, close or rename on the output side), as opposed
 * to reading an input. Never the input's fault: the failure policy lets it propagate, so the
 * runner retries the step or fails the run instead of dead-lettering a good recording.
 */
public final class OutputWriteException extends IOException {
  public OutputWriteException(String target, IOException cause) {
    super("writing " + target + ": " + cause.getMessage(), cause);
  }
}
