package dev.earmark.transforms.audio;

import java.io.IOException;

/**
 * Writing a clip's target file failed (create, write, close or rename on the output side), as
 * opposed to reading its source. Callers let it propagate: an output fault is infrastructure, not
 * a bad input, so Beam retries the step or fails the run instead of dead-lettering the recording.
 */
public final class ClipOutputException extends IOException {
  public ClipOutputException(String targetUri, IOException cause) {
    super("writing " + targetUri + ": " + cause.getMessage(), cause);
  }
}
