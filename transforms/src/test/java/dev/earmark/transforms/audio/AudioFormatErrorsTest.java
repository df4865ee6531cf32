package dev.earmark.transforms.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import dev.earmark.transforms.audio.AudioFormatException.Reason;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
  void oggOpusIsNotVorbis() throws IOException {
    Path p = dir.resolve("voice.opus.ogg");
    Files.write(p, oggOpus());
    AudioFormatException e = expect(Reason.NOT_VORBIS, p, () -> AudioFiles.probe(p.toString()));
    assertTrue(e.getMessage().contains("Opus"), e.getMessage());
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

  /** A minimal Ogg Opus stream: OpusHead, OpusTags and one (fake) audio packet, real Ogg pages. */
  private static byte[] oggOpus() {
    byte[] head = new byte[19];
    System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, head, 0, 8);
    head[8] = 1; // version
    head[9] = 1; // channels
    head[10] = 0x38; // pre-skip 312, little endian
    head[11] = 0x01;
    head[12] = (byte) 0x80; // 48000 Hz
    head[13] = (byte) 0xbb;
    byte[] tags = "OpusTags\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    StreamState os = new StreamState();
    os.init(0x0b05);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Page page = new Page();
    add(os, head, 0, true, false, 0);
    flush(os, page, out);
    add(os, tags, 1, false, false, 0);
    flush(os, page, out);
    add(os, new byte[] {(byte) 0xf8, (byte) 0xff, (byte) 0xfe}, 2, false, true, 960);
    flush(os, page, out);
    return out.toByteArray();
  }

  private static void add(StreamState os, byte[] data, long no, boolean bos, boolean eos, long gp) {
    Packet p = new Packet();
    p.packet_base = data;
    p.packet = 0;
    p.bytes = data.length;
    p.b_o_s = bos ? 1 : 0;
    p.e_o_s = eos ? 1 : 0;
    p.granulepos = gp;
    p.packetno = no;
    os.packetin(p);
  }

  private static void flush(StreamState os, Page page, ByteArrayOutputStream out) {
    while (os.flush(page) != 0) {
      out.write(page.header_base, page.header, page.header_len);
      out.write(page.body_base, page.body, page.body_len);
    }
  }
}
