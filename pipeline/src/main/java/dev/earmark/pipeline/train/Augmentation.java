package dev.earmark.pipeline.train;

import java.util.List;
import java.util.Locale;

/**
 * One way to make an isolated clip sound like a night: a gain (faint events), and a bed ({@link
 * Bed}, or room tone: a background clip) mixed in at a signal-to-noise ratio, the clip's level
 * measured on its loud patches. {@link #DEFAULTS} are what {@code earmark train} uses: the clip as
 * it is, 12 dB quieter, and over pink, brown, hum and room tone from 10 dB down to 0 dB SNR.
 */
record Augmentation(String name, double gainDb, Bed bed, boolean roomTone, double snrDb) {
  static final List<Augmentation> DEFAULTS = List.of(
      new Augmentation("clean", 0, null, false, 0),
      new Augmentation("faint", -12, null, false, 0),
      new Augmentation("pink10", 0, Bed.PINK, false, 10),
      new Augmentation("brown3", 0, Bed.BROWN, false, 3),
      new Augmentation("hum6", -6, Bed.HUM, false, 6),
      new Augmentation("room0", 0, null, true, 0));

  /** How the head file describes it. */
  String describe() {
    String bedName = roomTone ? "room tone (a background clip)" : bed == null ? null : bed.name().toLowerCase(Locale.ROOT);
    return String.format(Locale.ROOT, "%s: gain %+.0f dB%s", name, gainDb,
        bedName == null ? "" : String.format(Locale.ROOT, ", %s at %.0f dB SNR", bedName, snrDb));
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
}
