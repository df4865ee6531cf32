package dev.earmark.transforms.audio.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared fixtures make what they promise (other modules' tests rely on them). */
class TestAudioTest {
  @TempDir Path dir;

  @Test
  void toneSilenceAndMixHaveTheRequestedContent() {
    float[][] tone = TestAudio.readWav16(TestAudio.tone(dir, "t", 8000, 1, 1.0, 1000, 0.5), 1);
    assertEquals(8000, tone[0].length);
    float peak = 0;
    for (float v : tone[0]) {
      peak = Math.max(peak, Math.abs(v));
    }
    assertEquals(0.5, peak, 0.01);
    int crossings = 0;
    for (int i = 1; i < tone[0].length; i++) {
      if ((tone[0][i - 1] < 0) != (tone[0][i] < 0)) {
        crossings++;
      }
    }
    assertEquals(2000, crossings, 4, "1 kHz for 1 s crosses zero 2000 times");

    Path silence = TestAudio.silence(dir, "s", 8000, 2, 0.5);
    float[][] s = TestAudio.readWav16(silence, 2);
    assertEquals(4000, s[1].length);
    for (float v : s[1]) {
      assertEquals(0f, v);
    }
    Path mixed = TestAudio.mix(dir, "m", TestAudio.tone(dir, "a", 8000, 2, 0.5, 1000, 0.5), silence);
    assertEquals(4000, TestAudio.readWav16(mixed, 2)[0].length);
  }

  @Test
  void toOggConvertsRateAndChannelsAndNamesTheTarget() throws IOException {
    Path ogg = TestAudio.toOgg(TestAudio.noise(dir, "n", 44100, 2, 1.0, 0.3), 48000, 1, 2);
    assertEquals(new AudioInfo(48000, 1, 48000), AudioFiles.probe(ogg.toString()));
    Path named = TestAudio.toOgg(TestAudio.silence(dir, "q", 16000, 1, 0.25),
        dir.resolve("user1/2026-11-24/000000.ogg"), 1);
    assertEquals(4000, AudioFiles.probe(named.toString()).totalFrames());
    assertTrue(TestAudio.oggdec(named, 1)[0].length == 4000);
  }

  @Test
  void failingToolFailsLoudlyWithItsOutput() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> TestAudio.run("sox", "/nonexistent.wav"));
    assertTrue(e.getMessage().contains("sox"), e.getMessage());
  }
}
