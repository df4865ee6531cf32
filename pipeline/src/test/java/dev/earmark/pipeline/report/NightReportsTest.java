package dev.earmark.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.finish.RecordingManifest;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Recording;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Night pages from real output files: manifests, WAV clips and inputs, events tables, dead letters
 * and run.json as a run leaves them, with a page size of 3 so paging shows on a small night.
 */
class NightReportsTest {
  private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);
  private static final String RUN = "r2";

  @TempDir Path root;
  private Path nights;

  @BeforeEach
  void runJson() throws IOException {
    nights = root.resolve("reports/nights");
    write(root.resolve("runs/" + RUN + "/run.json"),
        "{\"run_id\":\"" + RUN + "\",\"start\":\"" + Instant.now().minusSeconds(10) + "\"}\n");
  }

  /** alice's 11-21: a 60-s WAV chunk with {@code events} events (the last with a FLAC clip) and a dead-lettered chunk. */
  private void aliceNight(int events) throws IOException {
    Recording chunk = recording("alice", "2025-11-21T00:00:00Z", 60);
    List<double[]> spans = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      spans.add(new double[] {2 + 6 * i, 4 + 6 * i});
    }
    finish(chunk, spans, true);
    Recording failed = new Recording("alice", root.resolve("in/alice/010000.wav").toString(),
        Instant.parse("2025-11-21T01:00:00Z"), null);
    write(root.resolve("errors/" + RUN + "/dead-letters-00000-of-00001.jsonl"), JsonRows.deadLetter(
        DeadLetter.forFile(failed, "SplitIntoWindows", DeadLetter.Reason.CORRUPT_PAGE, "bad page at 4096")) + "\n");
    write(root.resolve("errors/" + RUN + "/dead-letters-00001-of-00001.jsonl"), ""); // an empty shard
  }

  @Test
  void pagesTimelineThumbnailsDeadLettersAndIndex() throws Exception {
    aliceNight(8);
    finish(recording("alice", "2025-11-20T23:30:00Z", 30), List.of(), false); // a night without events
    // bob's night of an earlier run: its page and summary exist, its table is old; it stays as it is.
    write(root.resolve("events/bob/2025-11-19.jsonl"), "");
    Files.setLastModifiedTime(root.resolve("events/bob/2025-11-19.jsonl"), FileTime.from(Instant.now().minusSeconds(86400)));
    write(nights.resolve("bob/2025-11-19.html"), "<html>old</html>");
    write(nights.resolve("bob/2025-11-19.json"), new NightSummary("bob", "2025-11-19", "r1", 5, Map.of("cough", 5), 2, 0,
        3600, 1, null, null).toJson());

    NightReports.Written w = new NightReports(root.toString(), 3).write(RUN, false);

    assertEquals(2, w.nights());
    assertEquals(3 + 1, w.pages());
    String page1 = Files.readString(nights.resolve("alice/2025-11-21.html"));
    String page3 = Files.readString(nights.resolve("alice/2025-11-21-p3.html"));
    assertTrue(Files.exists(nights.resolve("alice/2025-11-21-p2.html")));
    assertFalse(Files.exists(nights.resolve("alice/2025-11-21-p4.html")));
    // Page 1: summary, every event on the timeline (linked to its page), 3 rows; page 3: the last 2 rows.
    assertTrue(page1.contains("snore: 8 events, 0.3 min, 00:00–00:00, longest 2.0 s"), page1);
    assertEquals(8, count(page1, "<rect class=\"mark\""));
    assertTrue(page1.contains("href=\"2025-11-21-p3.html#e7\""), page1);
    assertEquals(3, count(page1, "<tr class=\"event\""));
    assertEquals(2, count(page3, "<tr class=\"event\""));
    assertTrue(page3.contains("id=\"e6\"") && page3.contains("id=\"e7\"") && !page3.contains("id=\"timeline\""));
    // Players link the clips relatively; WAV clips get a decodable 160x48 thumbnail, the FLAC one says why not.
    assertTrue(page1.contains("src=\"../../../clips/alice/2025-11-21/000000_2000_snore.wav\""), page1);
    Matcher png = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page1);
    assertTrue(png.find());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.group(1))));
    assertEquals(160, image.getWidth());
    assertEquals(48, image.getHeight());
    assertTrue(page3.contains("no thumbnail: only WAV clips are drawn (this is flac)"), page3);
    // The dead-lettered chunk: in the recordings table and on the timeline, and counted.
    assertTrue(page1.contains("dead letter CORRUPT_PAGE (run r2): " + root.resolve("in/alice/010000.wav") + ": bad page at 4096"), page1);
    assertEquals(1, count(page1, "<rect class=\"chunk dead-letter\""));
    assertTrue(page1.contains("1 recording (1.0 min of audio), 1 dead letter; 8 events."), page1);
    // A night without events says so.
    String quiet = Files.readString(nights.resolve("alice/2025-11-20.html"));
    assertTrue(quiet.contains("<p id=\"no-events\">No events this night: the recordings were classified and no event"
        + " type fired.</p>"), quiet);
    // Neighbours link both ways.
    assertTrue(quiet.contains("id=\"next-night\" href=\"2025-11-21.html\""), quiet);
    assertTrue(page1.contains("id=\"prev-night\" href=\"2025-11-20.html\""), page1);
    // The index is rebuilt from every summary there is: bob's old night too, whose page is left alone.
    String index = Files.readString(nights.resolve("index.html"));
    assertTrue(index.contains("2 users, 3 nights."), index);
    assertTrue(index.contains("href=\"bob/2025-11-19.html\""), index);
    assertTrue(index.indexOf("alice/2025-11-21.html") < index.indexOf("alice/2025-11-20.html"), "newest first");
    assertEquals("<html>old</html>", Files.readString(nights.resolve("bob/2025-11-19.html")));
    assertTrue(page1.contains("id=\"index-link\" href=\"../index.html\""));
  }

  @Test
  void fewerEventsLaterRemovePagesAndTheDeadLetterGoesWhenTheChunkIsFinished() throws Exception {
    aliceNight(8);
    new NightReports(root.toString(), 3).write(RUN, false);
    assertTrue(Files.exists(nights.resolve("alice/2025-11-21-p3.html")));

    aliceNight(2);
    // The failed chunk is finished by a later run: its old dead letter is no longer shown.
    finish(recording("alice", "2025-11-21T01:00:00Z", 30), List.of(), false);
    Files.move(root.resolve("in/alice/010000.wav"), root.resolve("in/alice/0100-moved.wav")); // length unknown now
    NightReports.Written w = new NightReports(root.toString(), 3).write(RUN, false);

    assertEquals(1, w.pages());
    assertFalse(Files.exists(nights.resolve("alice/2025-11-21-p2.html")));
    assertFalse(Files.exists(nights.resolve("alice/2025-11-21-p3.html")));
    String page = Files.readString(nights.resolve("alice/2025-11-21.html"));
    assertFalse(page.contains("CORRUPT_PAGE"), page);
    assertTrue(page.contains("2 recordings (1.0 min of audio, some of unknown length); 2 events."), page);
  }

  @Test
  void allNightsWithoutARun() throws Exception {
    aliceNight(1);
    Files.delete(root.resolve("runs/" + RUN + "/run.json"));
    NightReports.Written w = new NightReports(root.toString(), 3).write(null, true);
    assertEquals(1, w.nights());
    String page = Files.readString(nights.resolve("alice/2025-11-21.html"));
    assertTrue(page.contains("<td>finished</td>"), page);
    assertFalse(page.contains("memory-report"), page);
  }

  private Recording recording(String user, String start, int seconds) throws IOException {
    Instant t = Instant.parse(start);
    Path input = root.resolve("in/" + user + "/" + HHMMSS.format(t) + ".wav");
    wav(input, 16000, seconds, 440);
    return new Recording(user, input.toString(), t, null);
  }

  /** Writes the recording's clips (16 kHz WAV; the last FLAC when {@code flacLast}), manifest and events table. */
  private void finish(Recording r, List<double[]> spans, boolean flacLast) throws IOException {
    String day = r.startTime().toString().substring(0, 10);
    List<String> clips = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      double[] s = spans.get(i);
      boolean flac = flacLast && i == spans.size() - 1;
      Path clip = root.resolve("clips/" + r.userId() + "/" + day + "/" + HHMMSS.format(r.startTime()) + "_"
          + Math.round(s[0] * 1000) + "_snore." + (flac ? "flac" : "wav"));
      if (flac) {
        write(clip, "fLaC");
      } else {
        wav(clip, 16000, s[1] - s[0] + 2, 200 + 100 * i);
      }
      clips.add(clip.toString());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("user_id", r.userId());
      row.put("recording_uri", r.uri());
      row.put("recording_start", r.startTime().toString());
      row.put("type", "snore");
      row.put("label", "Snoring");
      row.put("mid", "/m/01d3sd");
      row.put("start_offset_s", s[0]);
      row.put("end_offset_s", s[1]);
      row.put("start_time", r.startTime().plusMillis(Math.round(s[0] * 1000)).toString());
      row.put("end_time", r.startTime().plusMillis(Math.round(s[1] * 1000)).toString());
      row.put("peak_score", 0.9);
      row.put("mean_score", 0.6);
      row.put("clip_path", clip.toString());
      rows.add(JsonRows.MAPPER.writeValueAsString(row));
    }
    new RecordingManifest(r, "f", Map.of(), clips, null, rows).write(root.toString());
    write(root.resolve("events/" + r.userId() + "/" + day + ".jsonl"), String.join("\n", rows));
  }

  static void wav(Path file, int rate, double seconds, double hz) throws IOException {
    int frames = (int) Math.round(rate * seconds);
    byte[] pcm = new byte[frames * 2];
    for (int i = 0; i < frames; i++) {
      short v = (short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / rate));
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    Files.createDirectories(file.getParent());
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), format, frames), AudioFileFormat.Type.WAVE,
        file.toFile());
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  @Test
  void spectrogramOfASineIsBrightestAtItsFrequency() throws Exception {
    Path clip = root.resolve("sine.wav");
    wav(clip, 16000, 2, 2000);
    int[][] levels;
    try (var source = dev.earmark.transforms.audio.AudioSources.open(clip.toString())) {
      levels = Spectrogram.levels(source);
    }
    // 2 kHz of 0-8 kHz over 48 rows: row 12.
    for (int c = 0; c < Spectrogram.COLUMNS; c += 40) {
      int best = 0;
      for (int r = 0; r < Spectrogram.ROWS; r++) {
        best = levels[c][r] > levels[c][best] ? r : best;
      }
      assertEquals(12, best, 1, "column " + c);
      assertEquals(15, levels[c][best]);
    }
    assertNotNull(ImageIO.read(new ByteArrayInputStream(Spectrogram.png(clip.toString()))));
    assertEquals(256, Spectrogram.fftSize(16000));
    assertEquals(1024, Spectrogram.fftSize(44100));
  }
}
