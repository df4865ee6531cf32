package dev.earmark.models.yamnet;

/** A YAMNet source could not be loaded; the message names the source and the problem. */
public class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
