package dev.earmark.pipeline;

/**
 * The job itself failed while running (a runner wraps what a step threw), as opposed to options
 * or preflight checks rejected before it started: {@code run} exits 1 for this, 2 for those.
 */
public final class JobFailedException extends RuntimeException {
  public JobFailedException(RuntimeException cause) {
    super(cause.getMessage(), cause);
  }
}
