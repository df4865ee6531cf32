package dev.earmark.transforms.audio;

/** Container of written clips. */
public enum ClipFormat {
  WAV("wav"),
  FLAC("flac");

  private final String extension;

  ClipFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }
}
