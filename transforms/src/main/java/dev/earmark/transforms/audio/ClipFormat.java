package dev.earmark.transforms.audio;

/** Container of written clips. */
public enum ClipFormat {
  WAV("wav", "audio/wav"),
  FLAC("flac", "audio/flac");

  private final String extension;
  private final String mimeType;

  ClipFormat(String extension, String mimeType) {
    this.extension = extension;
    this.mimeType = mimeType;
  }

  public String mimeType() {
    return mimeType;
  }

  public String extension() {
    return extension;
  }
}
