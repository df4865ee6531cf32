package dev.earmark.transforms.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFilesTest {
  @TempDir Path dir;

  @Test
  void probeReadsFormatAndLengthWithoutDecoding() throws IOException {
    Path ogg = TestAudio.toOgg(TestAudio.noiseAndTones(dir, "p", 22050, 2, 3.7), 2);
    AudioInfo info = AudioFiles.probe(ogg.toString());
    assertEquals(new AudioInfo(22050, 2, TestAudio.oggdec(ogg, 2)[0].length), info);
  }

  @Test
  void readMono16kRangesEqualSlicesOfTheWholeFile() throws IOException {
    for (int[] layout : new int[][] {{44100, 2}, {48000, 1}, {11025, 1}}) {
      Path ogg = TestAudio.toOgg(
          TestAudio.noiseAndTones(dir, "r" + layout[0], layout[0], layout[1], 7.3), 3);
      String uri = ogg.toString();
      long outLen = Resampler16k.outputLength(layout[0], AudioFiles.probe(uri).totalFrames());
      float[] whole = AudioFiles.readMono16k(uri, 0, outLen + 100);
      for (int i = (int) outLen; i < whole.length; i++) {
        assertEquals(0f, whole[i], "past the end is zero");
      }
      try (Resampler16k stream = AudioFiles.openMono16k(uri, 12_345)) {
        float[] got = new float[20_000];
        assertEquals(20_000, stream.read(got, 0, 20_000));
        assertArrayEquals(Arrays.copyOfRange(whole, 12_345, 32_345), got, 0f, "openMono16k");
      }
      long[][] ranges = {{0, 16000}, {16000, 48000}, {50_001, 50_002}, {77_777, 99_999},
          {outLen - 1000, outLen + 1000}, {outLen + 10, outLen + 20}};
      for (long[] r : ranges) {
        float[] got = AudioFiles.readMono16k(uri, r[0], r[1]);
        float[] want = Arrays.copyOfRange(whole, (int) r[0], (int) r[1]);
        assertArrayEquals(want, got, 1e-6f, layout[0] + " Hz range " + Arrays.toString(r));
      }
    }
  }

  @Test
  void speechAtAnOffsetStartsAtThatOffsetOn16kHzTimeline() throws IOException {
    Path ogg = TestAudio.toOgg(
        TestAudio.speech(dir, "s", "hello earmark, this is a test", 1.5, 4.0, 22050), 3);
    float[] y = AudioFiles.readMono16k(ogg.toString(), 0, 64_000);
    assertTrue(rms(y, 0, 23_000) < 1e-3, "silence before the speech: " + rms(y, 0, 23_000));
    assertTrue(rms(y, 24_000, 40_000) > 0.01, "speech after 1.5 s: " + rms(y, 24_000, 40_000));
  }

  private static double rms(float[] y, int from, int to) {
    double e = 0;
    for (int i = from; i < to; i++) {
      e += y[i] * y[i];
    }
    return Math.sqrt(e / (to - from));
  }

  @Test
  void readMono16kOfWavEqualsTheSameAudioAsOgg() throws IOException {
    Path wav = TestAudio.noiseAndTones(dir, "w", 32000, 2, 2.0);
    float[] viaWav = AudioFiles.readMono16k(wav.toString(), 1000, 9000);
    float[][] pcm = TestAudio.readWav16(wav, 2);
    float[] viaArray = new float[8000];
    Resampler16k r = new Resampler16k(new ArraySource(pcm, 32000), 1000);
    assertEquals(8000, r.read(viaArray, 0, 8000));
    assertArrayEquals(viaArray, viaWav, 0f);
    assertEquals(new AudioInfo(32000, 2, 64000), AudioFiles.probe(wav.toString()));
  }

  @Test
  void wavClipRoundTripsTheDecodedFrames() throws IOException {
    Path ogg = TestAudio.toOgg(TestAudio.noiseAndTones(dir, "c", 44100, 2, 4.0), 4);
    Path clip = dir.resolve("out/sub/clip.wav");
    writeClip(ogg.toString(), 30_000, 80_000, clip.toString(), ClipFormat.WAV);
    float[][] back = TestAudio.readWav16(clip, 2);
    float[][] decoded;
    try (PcmSource s = AudioSources.open(ogg.toString())) {
      s.seek(30_000);
      decoded = ArraySource.readFrames(s, 50_000);
    }
    assertEquals(50_000, back[0].length);
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 50_000; i++) {
        assertEquals(Pcm16.fromFloat(decoded[c][i]), Math.round(back[c][i] * 32768f), "frame " + i);
      }
    }
    String soxi = TestAudio.run("soxi", clip.toString());
    assertTrue(soxi.contains("44100") && soxi.contains("16-bit"), soxi);
    assertNoTempFiles(clip.getParent());
  }

  @Test
  void flacClipPassesFlacTestAndDecodesToTheSameSamples() throws IOException {
    Path ogg = TestAudio.toOgg(TestAudio.noiseAndTones(dir, "f", 48000, 1, 3.0), 4);
    Path clip = dir.resolve("clips/clip.flac");
    writeClip(ogg.toString(), 1000, 101_000, clip.toString(), ClipFormat.FLAC);
    TestAudio.run("flac", "-t", "-s", clip.toString());
    Path wav = dir.resolve("clip-back.wav");
    TestAudio.run("flac", "-d", "-s", "-o", wav.toString(), clip.toString());
    float[][] back = TestAudio.readWav16(wav, 1);
    float[] want;
    try (PcmSource s = AudioSources.open(ogg.toString())) {
      s.seek(1000);
      want = ArraySource.readFrames(s, 100_000)[0];
    }
    assertEquals(100_000, back[0].length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(Pcm16.fromFloat(want[i]), Math.round(back[0][i] * 32768f), "frame " + i);
    }
    assertNoTempFiles(clip.getParent());
  }

  @Test
  void clipPastTheEndIsClampedAndRewritingReplacesTheFile() throws IOException {
    Path ogg = TestAudio.toOgg(TestAudio.tone(dir, "e", 16000, 1, 1.0, 440, 0.5), 2);
    Path clip = dir.resolve("e.wav");
    writeClip(ogg.toString(), 0, 1_000_000, clip.toString(), ClipFormat.WAV);
    assertEquals(16000, TestAudio.readWav16(clip, 1)[0].length);
    writeClip(ogg.toString(), 100, 200, clip.toString(), ClipFormat.WAV);
    assertEquals(100, TestAudio.readWav16(clip, 1)[0].length);
    Path empty = dir.resolve("empty.flac");
    writeClip(ogg.toString(), 20_000, 30_000, empty.toString(), ClipFormat.FLAC);
    TestAudio.run("flac", "-t", "-s", empty.toString());
    assertNoTempFiles(dir);
  }

  @Test
  void failedClipLeavesNoFileUnderEitherName() throws IOException {
    Path notAudio = Files.writeString(dir.resolve("bad.ogg"), "not audio at all");
    Path clips = Files.createDirectories(dir.resolve("clips"));
    AudioFormatException e = assertThrows(AudioFormatException.class,
        () -> writeClip(notAudio.toString(), 0, 10, clips.resolve("x.wav").toString(),
            ClipFormat.WAV));
    assertEquals(AudioFormatException.Reason.NOT_OGG, e.reason());
    try (Stream<Path> files = Files.list(clips)) {
      assertEquals(List.of(), files.toList());
    }
  }

  /** A clip as the pipeline writes one: encoded by AudioFiles, written whole by OutputFiles. */
  private static void writeClip(String source, long start, long end, String target, ClipFormat format)
      throws IOException {
    OutputFiles.writeAtomically(FileSystems.matchNewResource(target, false), format.mimeType(),
        channel -> AudioFiles.writeClip(source, start, end, format, channel));
  }

  private static void assertNoTempFiles(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      List<String> temps = files.map(p -> p.getFileName().toString())
          .filter(OutputFiles::isTempName).toList();
      assertEquals(List.of(), temps);
    }
  }
}
