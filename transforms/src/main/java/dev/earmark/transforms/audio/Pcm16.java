package dev.earmark.transforms.audio;

/**
 * The float to 16-bit convention used everywhere in earmark, the same as libvorbisfile's {@code
 * ov_read}: {@code round(x * 32768)} clipped to {@code [-32768, 32767]}; back is {@code s / 32768}.
 */
public final class Pcm16 {
  private Pcm16() {}

  public static int fromFloat(float x) {
    int s = Math.round(x * 32768f);
    return s > 32767 ? 32767 : Math.max(s, -32768);
  }

  public static float toFloat(int s) {
    return s / 32768f;
  }
}
