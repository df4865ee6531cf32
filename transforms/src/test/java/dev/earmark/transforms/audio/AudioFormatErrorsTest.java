package dev.earmark.transforms.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.audio.AudioFormatException.Reason;
import dev.earmark.transforms.audio.testing.BadAudio;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class AudioFormatErrorsTest {
  @TempDir Path dir;

  private static AudioFormatException expect(Reason reason, Path file, Executable call) {
    AudioFormatException e = assertThrows(AudioFormatException.class, call);
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(file.toString(), e.source());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    return e;
  }

  private static void decodeWhole(Path p) throws IOException {
    AudioInfo info = AudioFiles.probe(p.toString());
    AudioFiles.readMono16k(p.toString(), 0,
        Resampler16k.outputLength(info.sampleRate(), info.totalFrames()));
  }

  private Path goodOgg(String name) {
    return TestAudio.toOgg(TestAudio.noiseAndTones(dir, name, 44100, 2, 4.0), 4);
  }

  @Test
  void zeroLengthFileIsEmptyFile() throws IOException {
    Path p = Files.createFile(dir.resolve("empty.ogg"));
    expect(Reason.EMPTY_FILE, p, () -> AudioFiles.probe(p.toString()));
  }

  @Test
  void textFileIsNotOgg() throws IOException {
    Path p = Files.writeString(dir.resolve("notes.ogg"), "these are not the bytes you want\n");
    expect(Reason.NOT_OGG, p, () -> AudioFiles.probe(p.toString()));
    Path mp3ish = Files.write(dir.resolve("x.ogg"), new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0});
    expect(Reason.NOT_OGG, mp3ish, () -> AudioFiles.readMono16k(mp3ish.toString(), 0, 10));
  }

  @Test
  void oggOpusIsAnUnsupportedCodec() {
    Path p = BadAudio.opus(dir.resolve("voice.ogg"));
    AudioFormatException e = expect(Reason.NOT_VORBIS, p, () -> AudioFiles.probe(p.toString()));
    assertEquals(p + ": unsupported codec: opus (earmark reads Ogg Vorbis and WAV)", e.getMessage());
  }

  @Test
  void brokenCapturePatternFirstPageIsNotOggMiddlePageIsCorrupt() throws IOException {
    Path good = goodOgg("cap");
    Path first = BadAudio.brokenCapturePattern(good, dir.resolve("cap0.ogg"), 0);
    expect(Reason.NOT_OGG, first, () -> AudioFiles.probe(first.toString()));
    Path middle = BadAudio.brokenCapturePattern(good, dir.resolve("capm.ogg"), BadAudio.middlePageIndex(good));
    assertEquals(4.0, AudioFiles.probe(middle.toString()).durationSeconds(), 0.01, "probe reads only the ends");
    AudioFormatException e = expect(Reason.CORRUPT_PAGE, middle, () -> decodeWhole(middle));
    assertTrue(e.getMessage().contains("rejected rather than decoded with a gap"), e.getMessage());
  }

  @Test
  void randomBytesOverAMiddlePageFailTheDecodeNotTheProbe() throws IOException {
    Path bad = BadAudio.randomBytesOverMiddle(goodOgg("rnd"), dir.resolve("rnd-bad.ogg"));
    assertEquals(4.0, AudioFiles.probe(bad.toString()).durationSeconds(), 0.01);
    expect(Reason.CORRUPT_PAGE, bad, () -> decodeWhole(bad));
  }

  @Test
  void fileCutInsideItsMiddlePageIsTruncated() {
    Path cut = BadAudio.truncatedMidPage(goodOgg("mid"), dir.resolve("mid-cut.ogg"));
    AudioFormatException e = expect(Reason.TRUNCATED, cut, () -> AudioFiles.probe(cut.toString()));
    assertTrue(e.getMessage().contains("no end-of-stream flag"), e.getMessage());
  }

  @Test
  void headerPagesAloneAreTruncatedAndAStreamOfZeroSamplesHasNoFrames() throws IOException {
    Path headers = BadAudio.headerPagesOnly(goodOgg("hdr"), dir.resolve("headers.ogg"));
    AudioFormatException e = expect(Reason.TRUNCATED, headers, () -> AudioFiles.probe(headers.toString()));
    assertTrue(e.getMessage().contains("no audio pages after the headers"), e.getMessage());
    // oggenc on an empty WAV: the headers and one end-of-stream page at granule 0.
    Path empty = TestAudio.toOgg(TestAudio.silence(dir, "zero", 16000, 1, 0), 3);
    assertEquals(new AudioInfo(16000, 1, 0), AudioFiles.probe(empty.toString()));
  }

  @Test
  void aWavNamedOggIsReadByItsMagicBytesAndACutOneIsTruncated() throws IOException {
    Path wav = TestAudio.tone(dir, "w", 22050, 1, 1.0, 440, 0.5);
    Path named = Files.copy(wav, dir.resolve("w-named.ogg"));
    assertEquals(new AudioInfo(22050, 1, 22050), AudioFiles.probe(named.toString()));
    byte[] all = Files.readAllBytes(wav);
    Path cut = Files.write(dir.resolve("w-cut.ogg"), Arrays.copyOf(all, all.length / 2));
    AudioFormatException e = expect(Reason.TRUNCATED, cut, () -> AudioFiles.probe(cut.toString()));
    assertTrue(e.getMessage().contains("data chunk"), e.getMessage());
  }

  @Test
  void sixChannelsAt96kHzAreReadAndMixedDownTo16kHzMono() throws IOException {
    Path ogg = TestAudio.toOgg(TestAudio.tone(dir, "six", 96000, 6, 1.5, 1000, 0.5), 2);
    assertEquals(new AudioInfo(96000, 6, 144000), AudioFiles.probe(ogg.toString()));
    float[] mono = AudioFiles.readMono16k(ogg.toString(), 0, 24000);
    double energy = 0;
    for (float s : mono) {
      energy += s * s;
    }
    double rms = Math.sqrt(energy / mono.length);
    assertEquals(0.5 / Math.sqrt(2), rms, 0.05, "the 1 kHz tone of every channel, mixed to one");
  }

  @Test
  void fileCutMidStreamIsTruncated() throws IOException {
    Path good = goodOgg("t");
    byte[] all = Files.readAllBytes(good);
    Path cut = Files.write(dir.resolve("cut.ogg"), Arrays.copyOf(all, all.length * 3 / 5));
    expect(Reason.TRUNCATED, cut, () -> AudioFiles.probe(cut.toString()));
    // Non-seekable: found when the stream ends.
    expect(Reason.TRUNCATED, cut, () -> {
      try (PcmSource s = AudioSources.open(
          Channels.newChannel(Files.newInputStream(cut)), cut.toString())) {
        ArraySource.readAll(s);
      }
    });
    // Cut exactly at a page boundary: every page is valid but the end-of-stream page is missing.
    List<Long> offsets = pageOffsets(good);
    long boundary = offsets.get(offsets.size() / 2);
    Path atPage = Files.write(dir.resolve("cut-page.ogg"), Arrays.copyOf(all, (int) boundary));
    expect(Reason.TRUNCATED, atPage, () -> AudioFiles.probe(atPage.toString()));
    // Cut inside the headers.
    Path inHeaders = Files.write(dir.resolve("cut-head.ogg"), Arrays.copyOf(all, 100));
    expect(Reason.TRUNCATED, inHeaders, () -> AudioFiles.probe(inHeaders.toString()));
  }

  @Test
  void crcMismatchInAMiddlePageFailsTheFileNamingTheOffset() throws IOException {
    Path good = goodOgg("c");
    byte[] all = Files.readAllBytes(good);
    List<Long> offsets = pageOffsets(good);
    long page = offsets.get(offsets.size() / 2);
    all[(int) page + 40] ^= 0x5a; // inside the page (header is 27 + segments bytes)
    Path bad = Files.write(dir.resolve("crc.ogg"), all);
    assertEquals(44100, AudioFiles.probe(bad.toString()).sampleRate(), "probe reads only the ends");
    AudioFormatException e = expect(Reason.CORRUPT_PAGE, bad, () -> decodeWhole(bad));
    assertTrue(e.getMessage().contains("byte " + page), e.getMessage());
  }

  @Test
  void moreThanEightChannelsIsUnsupported() {
    Path wav = TestAudio.tone(dir, "ten", 16000, 10, 0.5, 440, 0.3);
    Path ogg = TestAudio.toOgg(wav, 2);
    AudioFormatException e =
        expect(Reason.UNSUPPORTED_FORMAT, ogg, () -> AudioFiles.probe(ogg.toString()));
    assertTrue(e.getMessage().contains("10 channels"), e.getMessage());
    expect(Reason.UNSUPPORTED_FORMAT, wav, () -> AudioFiles.probe(wav.toString()));
  }

  @Test
  void rateAbove96kHzIsUnsupported() {
    Path ogg = TestAudio.toOgg(TestAudio.tone(dir, "hi", 192000, 1, 0.5, 440, 0.3), 2);
    AudioFormatException e =
        expect(Reason.UNSUPPORTED_FORMAT, ogg, () -> AudioFiles.probe(ogg.toString()));
    assertTrue(e.getMessage().contains("192000 Hz"), e.getMessage());
  }

  private static List<Long> pageOffsets(Path ogg) throws IOException {
    List<Long> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(ogg)) {
      OggPageReader r = new OggPageReader(ch, 0);
      while (r.next() != null) {
        out.add(r.pageOffset());
      }
    }
    return out;
  }
}
