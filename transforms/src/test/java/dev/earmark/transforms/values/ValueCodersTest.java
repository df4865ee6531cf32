package dev.earmark.transforms.values;

import dev.earmark.transforms.listing.ReadListings;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.windows.SplitIntoWindows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.audio.AudioFormatException;
import dev.earmark.transforms.audio.AudioInfo;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

class ValueCodersTest {
  /** Listed on a row, which the coder carries (equality includes it); REC_NO_DURATION has none. */
  static final Recording REC = new Recording("alice", "/data/alice/2025-11-20/0530.ogg",
      Instant.parse("2025-11-20T05:30:00.123456789Z"), 1800.5, new ListingLine("gs://b/listings/night.jsonl", 12));
  static final Recording REC_NO_DURATION =
      new Recording("bob_2", "gs://bucket/bob/x.ogg", Instant.parse("2025-11-20T23:00:00Z"), null);
  static final AudioWindow WINDOW = new AudioWindow(REC, 3, 375, 125, new AudioInfo(44_100, 2, 79_400_000L));

  @Test
  void recordingCoderRoundTripsAndIsDeterministic() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(RecordingCoder.of(), REC);
    CoderProperties.coderDecodeEncodeEqual(RecordingCoder.of(), REC_NO_DURATION);
    CoderProperties.coderDeterministic(RecordingCoder.of(), REC,
        new Recording(REC.userId(), REC.uri(), REC.startTime(), REC.durationSeconds(), REC.listedAt()));
  }

  @Test
  void aRecordingsIdentityIsItsUserStartAndFileNotItsRow() {
    Recording again = new Recording(REC.userId(), REC.uri(), REC.startTime(), null, new ListingLine("/other.csv", 2));
    assertEquals(REC.key(), again.key());
    assertNotEquals(REC.key(), new Recording("bob", REC.uri(), REC.startTime(), null).key());
    assertThrows(IllegalArgumentException.class, () -> new ListingLine("/l.jsonl", 0));
  }

  @Test
  void audioWindowCoderRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(AudioWindowCoder.of(), WINDOW);
    CoderProperties.coderDecodeEncodeEqual(AudioWindowCoder.of(),
        new AudioWindow(REC_NO_DURATION, 0, 0, 1, new AudioInfo(16_000, 1, -1)));
  }

  @Test
  void windowScoresCoderRoundTripsAndComparesArraysByValue() throws Exception {
    AudioWindow w = new AudioWindow(REC, 0, 0, 3, new AudioInfo(16_000, 1, 40_000));
    WindowScores a = new WindowScores(w, new float[][] {{0.1f, 0.9f}, {0.2f, 0.8f}, {Float.NaN, 1f}});
    WindowScores b = new WindowScores(w, new float[][] {{0.1f, 0.9f}, {0.2f, 0.8f}, {Float.NaN, 1f}});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new WindowScores(w, new float[][] {{0.1f, 0.9f}, {0.2f, 0.8f}, {0f, 1f}}));
    CoderProperties.coderDecodeEncodeEqual(WindowScoresCoder.of(), a);
    CoderProperties.coderDeterministic(WindowScoresCoder.of(), a, b);
  }

  @Test
  void windowSpanFollowsThePatchGrid() {
    assertEquals(375L * 7680, WINDOW.startSample());
    assertEquals((375L + 124) * 7680 + 15600, WINDOW.endSample());
  }

  @Test
  void rareValuesRoundTripThroughSerializableCoder() throws Exception {
    Event e = new Event(REC, WINDOW.info(), "Speech", "/m/09x0r", 16_000, 48_000, 0.9f, 0.7f);
    roundTrip(SerializableCoder.of(Event.class), e);
    roundTrip(SerializableCoder.of(ClipRef.class), new ClipRef(e, "/out/clips/a.wav", 44_100, 132_300));
    roundTrip(SerializableCoder.of(DeadLetter.class),
        DeadLetter.forRow("/in/listing.jsonl", 7, "alice", null, "ReadListings", DeadLetter.Reason.MISSING_FIELD,
            "missing field uri"));
    roundTrip(SerializableCoder.of(MemoryMetrics.class), new MemoryMetrics("run", "h:1", "t", "alice", "u", 11, 2, 250,
        125, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 11, 12, 1, 1_796_000_000_000L));
  }

  @Test
  void memoryMetricsReadBackAsWrittenAndTornLinesAreNotRecords() {
    MemoryMetrics m = new MemoryMetrics("run", "h:1", "t", "alice", "/in/a.ogg", 11, 2, 250, 125, 1, 2, 3, 4, 5,
        6, 7, 8, 9, 10, 13, 14, 11, 12, 1, 1_796_000_000_000L);
    String line = dev.earmark.transforms.output.JsonRows.memoryMetrics(m);
    assertEquals(m, dev.earmark.transforms.output.JsonRows.readMemoryMetrics(line));
    assertEquals(null, dev.earmark.transforms.output.JsonRows.readMemoryMetrics(line.substring(0, line.length() / 2)));
    assertEquals(125 * 0.48, m.audioSeconds(), 1e-9);
  }

  @Test
  void physicalBytesAreReadUnderTheirOldNameFromOldRuns() {
    MemoryMetrics m = new MemoryMetrics("run", "h:1", "t", "alice", "/in/a.ogg", 11, 2, 250, 125, 1, 2, 3, 4, 5,
        6, 7, 8, 9, 10, 13, 14, 11, 12, 1, 1_796_000_000_000L);
    String line = dev.earmark.transforms.output.JsonRows.memoryMetrics(m);
    assertTrue(line.contains("\"physical_bytes\":8"), line);
    String old = line.replace("\"physical_bytes\"", "\"tf_native_bytes\"");
    assertEquals(m, dev.earmark.transforms.output.JsonRows.readMemoryMetrics(old));
  }

  private static <T> void roundTrip(Coder<T> coder, T value) throws Exception {
    CoderProperties.coderDecodeEncodeEqual(coder, value);
  }

  @Test
  void eventTimesDeriveFromSampleOffsets() {
    Event e = new Event(REC, WINDOW.info(), "Speech", "/m/09x0r", 16_000 * 90 + 8_000, 16_000 * 95, 0.9f, 0.7f);
    assertEquals(90.5, e.startOffsetSeconds(), 0);
    assertEquals(Instant.parse("2025-11-20T05:31:30.623456789Z"), e.startTime());
    assertEquals(Instant.parse("2025-11-20T05:31:35.123456789Z"), e.endTime());
  }

  @Test
  void userIdsMustBeSafePathComponents() {
    assertTrue(Recording.isSafeId("alice"));
    assertTrue(Recording.isSafeId("user-42.b_c"));
    for (String bad : new String[] {"..", ".", "../x", "a/b", "a\\b", "", "-rf", ".hidden", "a b", "ü"}) {
      assertFalse(Recording.isSafeId(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> new Recording(bad, "x.ogg", Instant.EPOCH, null));
    }
  }

  @Test
  void deadLetterReasonsFollowTheAudioFault() {
    IOException notOgg = new AudioFormatException(AudioFormatException.Reason.NOT_OGG, "/in/x.ogg", "no OggS capture");
    DeadLetter d = DeadLetter.forFile(new Recording("alice", "/in/x.ogg", java.time.Instant.EPOCH, null),
        "SplitIntoWindows", notOgg);
    assertEquals("alice", d.userId());
    assertEquals(DeadLetter.Reason.NOT_OGG, d.error());
    assertFalse(d.isBadRow());
    assertEquals(null, d.listingFile(), "a recording not read from a listing has no row");
    DeadLetter listed = DeadLetter.forFile(REC, "SplitIntoWindows", notOgg);
    assertEquals("gs://b/listings/night.jsonl 12 " + REC.key(),
        listed.listingFile() + " " + listed.line() + " " + listed.recordingKey());
    assertThat(d.message(), containsString("/in/x.ogg"));
    assertThat(d.stackTrace(), containsString("AudioFormatException"));
    assertEquals(DeadLetter.Reason.MISSING_FILE, DeadLetter.Reason.of(new FileNotFoundException("/in/y.ogg")));
    assertEquals(DeadLetter.Reason.UNREADABLE_FILE, DeadLetter.Reason.of(new IOException("disk")));
    for (AudioFormatException.Reason r : AudioFormatException.Reason.values()) {
      assertEquals(r.name(), DeadLetter.Reason.of(new AudioFormatException(r, "f", "m")).name());
    }
  }
}
