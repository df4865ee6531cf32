package dev.earmark.transforms;

import dev.earmark.transforms.audio.testing.TestAudio;
import java.nio.file.Path;

/** Real Ogg Vorbis test files: a sox synth source encoded with oggenc (via {@link TestAudio}). */
public final class OggFixtures {
  private OggFixtures() {}

  /** {@code seconds} of a sox synth source (e.g. "sine", "440") at {@code rate}/{@code channels}. */
  public static Path synth(Path dir, String name, int rate, int channels, double seconds, String... synth) {
    return TestAudio.toOgg(TestAudio.synth(dir, name, rate, channels, seconds, String.join(" ", synth), 0.5), 4);
  }
}
