package dev.earmark.pipeline.train;

import java.util.List;
import java.util.Locale;

/**
 * One way to make an isolated clip sound like a night: a gain (faint events), and a bed ({@link
 * Bed}, or room tone: a background clip) mixed in at a signal-to-noise ratio, the clip's level
 * measured on its loud patches, or a cut to the telephone band. {@link #DEFAULTS} are what {@code
 * earmark train} uses: the clip as it is, 12 dB quieter, over pink, brown, hum and room tone from
 * 10 dB down to 0 dB SNR, and band-limited.
 */
record Augmentation(String name, double gainDb, Bed bed, boolean roomTone, double snrDb, boolean narrowBand) {
  /** Where {@link #narrowBand} cuts: recordings made at 8 kHz hold nothing above 4 kHz. */
  static final double NARROW_BAND_HZ = 3_800;
  static final List<Augmentation> DEFAULTS = List.of(
      new Augmentation("clean", 0, null, false, 0, false),
      new Augmentation("faint", -12, null, false, 0, false),
      new Augmentation("pink10", 0, Bed.PINK, false, 10, false),
      new Augmentation("brown3", 0, Bed.BROWN, false, 3, false),
      new Augmentation("hum6", -6, Bed.HUM, false, 6, false),
      new Augmentation("room0", 0, null, true, 0, false),
      // Every clip, type or background, also band-limited: else "nothing above 4 kHz" would mark the
      // types whose examples were recorded at 8 kHz.
      new Augmentation("narrow", 0, null, false, 0, true));

  /** How the head file describes it. */
  String describe() {
    String bedName = roomTone ? "room tone (a background clip)" : bed == null ? null : bed.name().toLowerCase(Locale.ROOT);
    return String.format(Locale.ROOT, "%s: gain %+.0f dB%s%s", name, gainDb,
        bedName == null ? "" : String.format(Locale.ROOT, ", %s at %.0f dB SNR", bedName, snrDb),
        narrowBand ? String.format(Locale.ROOT, ", low-passed at %.0f Hz", NARROW_BAND_HZ) : "");
  }

  /**
   * {@code clip} with this applied; {@code level} is the clip's RMS on its loud patches, {@code
   * room} a background clip (for room tone; looped or cut to length), {@code seed} fixes the bed.
   */
  float[] apply(float[] clip, double level, float[] room, long seed) {
    double gain = Math.pow(10, gainDb / 20);
    float[] out = new float[clip.length];
    for (int i = 0; i < clip.length; i++) {
      out[i] = (float) (clip[i] * gain);
    }
    if (narrowBand) {
      lowPass(out);
    }
    float[] noise = null;
    if (bed != null) {
      noise = bed.render(clip.length, seed);
    } else if (roomTone && room != null && room.length > 0) {
      noise = new float[clip.length];
      double roomRms = Bed.rms(room);
      for (int i = 0; i < clip.length; i++) {
        noise[i] = (float) (room[i % room.length] / roomRms);
      }
    }
    if (noise != null) {
      double noiseLevel = level * gain / Math.pow(10, snrDb / 20);
      for (int i = 0; i < clip.length; i++) {
        out[i] = (float) Math.max(-1, Math.min(1, out[i] + noise[i] * noiseLevel));
      }
    }
    return out;
  }

  /** A 4th-order Butterworth low-pass at {@link #NARROW_BAND_HZ}, in place (two biquads). */
  private static void lowPass(float[] x) {
    double[] q = {0.54119610, 1.3065630};
    for (double qi : q) {
      double w0 = 2 * Math.PI * NARROW_BAND_HZ / dev.earmark.models.yamnet.PatchGrid.SAMPLE_RATE;
      double alpha = Math.sin(w0) / (2 * qi);
      double cos = Math.cos(w0);
      double a0 = 1 + alpha;
      double b0 = (1 - cos) / 2 / a0;
      double b1 = (1 - cos) / a0;
      double b2 = b0;
      double a1 = -2 * cos / a0;
      double a2 = (1 - alpha) / a0;
      double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
      for (int i = 0; i < x.length; i++) {
        double y = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x[i];
        y2 = y1;
        y1 = y;
        x[i] = (float) y;
      }
    }
  }
}
