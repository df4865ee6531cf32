package dev.earmark.transforms;

import dev.earmark.transforms.classify.ClassifyWindows;
import dev.earmark.transforms.failures.DeduplicateDeadLetters;
import dev.earmark.transforms.listing.ReadListings;
import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.WriteClips;
import dev.earmark.transforms.output.WriteJsonLines;
import dev.earmark.transforms.windows.SplitIntoWindows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.ListingLine;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.RecordingCoder;
import dev.earmark.transforms.finish.FinishRecordings;
import dev.earmark.transforms.finish.OutputSettings;
import dev.earmark.transforms.finish.RecordingResults;
import dev.earmark.transforms.finish.WriteEventTable;
import java.time.Duration;
import org.apache.beam.sdk.Pipeline;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteEventTableTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static final AudioInfo INFO = new AudioInfo(44_100, 1, 44_100 * 1800L);
  static final Recording ALICE = new Recording("alice", "/in/alice/0530.ogg", Instant.parse("2025-11-20T05:30:00Z"), null);
  static final Recording BOB = new Recording("bob", "/in/bob/0100.ogg", Instant.parse("2025-11-21T01:00:00Z"), null);

  static final OutputSettings SETTINGS = new OutputSettings("test", "0".repeat(64), List.of(),
      Duration.ofMillis(480), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(30), ClipFormat.WAV);

  /**
   * The output stage as the pipeline runs it: recordings finished with these clips (manifests and
   * Raven tables), then their nights' tables.
   */
  static void finish(Pipeline p, String root, List<Recording> recordings, List<ClipRef> clips) {
    PCollection<Recording> recs = p.apply("Recordings", Create.of(recordings).withCoder(RecordingCoder.of()));
    PCollection<ClipRef> clipRefs = p.apply("Clips", Create.of(clips).withCoder(SerializableCoder.of(ClipRef.class)));
    PCollection<DeadLetter> none = p.apply("NoFailures", Create.empty(SerializableCoder.of(DeadLetter.class)));
    RecordingResults.of(recs, clipRefs, none)
        .apply("FinishRecordings", new FinishRecordings(root, SETTINGS))
        .apply("WriteEventTable", new WriteEventTable(root));
  }

  static ClipRef clip(String root, Recording r, String label, String mid, long start, long end) {
    return clip(root, r, label, label, mid, start, end);
  }

  static ClipRef clip(String root, Recording r, String type, String label, String mid, long start, long end) {
    Event e = new Event(r, INFO, type, label, mid, start, end, 0.91234f, 0.55556f);
    return new ClipRef(e, WriteClips.clipPath(root, e, ClipFormat.WAV), 1, 2);
  }

  @Test
  public void writesSortedJsonlCsvAndRavenTables() throws Exception {
    String root = tmp.getRoot().getPath();
    List<ClipRef> clips = List.of(
        clip(root, BOB, "Snoring", "/m/01d3sd", 160_000, 200_000),
        clip(root, ALICE, "Baby cry, infant cry", "/t/dd00002", 16_000, 48_000),
        clip(root, ALICE, "speech", "Speech", "/m/09x0r", 8_000, 40_000));
    finish(p, root, List.of(ALICE, BOB), clips);
    p.run().waitUntilFinish();

    List<String> jsonl = Files.readAllLines(Path.of(root, "events/alice/2025-11-20.jsonl"));
    assertEquals(2, jsonl.size());
    assertEquals("{\"user_id\":\"alice\",\"recording_uri\":\"/in/alice/0530.ogg\",\"recording_start\":\"2025-11-20T05:30:00Z\","
        + "\"type\":\"speech\",\"label\":\"Speech\",\"mid\":\"/m/09x0r\",\"start_offset_s\":0.5,\"end_offset_s\":2.5,"
        + "\"start_time\":\"2025-11-20T05:30:00.500Z\",\"end_time\":\"2025-11-20T05:30:02.500Z\",\"peak_score\":0.9123,"
        + "\"mean_score\":0.5556,\"clip_path\":\"" + root + "/clips/alice/2025-11-20/053000_500_speech.wav\"}", jsonl.get(0));
    assertThat(jsonl.get(1), startsWith("{\"user_id\":\"alice\",\"recording_uri\":\"/in/alice/0530.ogg\",\"recording_start\":\"2025-11-20T05:30:00Z\",\"type\":\"Baby cry, infant cry\",\"label\":\"Baby cry, infant cry\""));
    List<String> bobJsonl = Files.readAllLines(Path.of(root, "events/bob/2025-11-21.jsonl"));
    assertEquals(1, bobJsonl.size());
    assertThat(bobJsonl.get(0), startsWith("{\"user_id\":\"bob\""));
    assertEquals(2, Files.readAllLines(Path.of(root, "events/bob/2025-11-21.csv")).size());

    List<String> csv = Files.readAllLines(Path.of(root, "events/alice/2025-11-20.csv"));
    assertEquals(3, csv.size());
    assertEquals("user_id,recording_uri,recording_start,type,label,mid,start_offset_s,end_offset_s,start_time,end_time,"
        + "peak_score,mean_score,clip_path", csv.get(0));
    assertEquals("alice,/in/alice/0530.ogg,2025-11-20T05:30:00Z,\"Baby cry, infant cry\",\"Baby cry, infant cry\",/t/dd00002,1.0,3.0,"
        + "2025-11-20T05:30:01Z,2025-11-20T05:30:03Z,0.9123,0.5556," + root
        + "/clips/alice/2025-11-20/053000_1000_baby-cry-infant-cry.wav", csv.get(2));

    List<String> raven = Files.readAllLines(Path.of(root, "events/raven/alice/2025-11-20/053000.selections.txt"));
    assertThat(raven.get(0), startsWith("Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)"));
    assertThat(raven.get(1), startsWith("1\tSpectrogram 1\t1\t0.500\t2.500\t0\t22050\tspeech\tSpeech\t/m/09x0r\t0.9123"));
    assertThat(raven.get(2), startsWith("2\tSpectrogram 1\t1\t1.000\t3.000\t0\t22050\tBaby cry, infant cry\tBaby cry, infant cry"));
    assertEquals(2, Files.readAllLines(Path.of(root, "events/raven/bob/2025-11-21/010000.selections.txt")).size());
  }

  @Test
  public void finishedNightsWithoutEventsGetHeaderOnlyTablesAndOthersNone() throws Exception {
    String root = tmp.getRoot().getPath();
    finish(p, root, List.of(ALICE), List.of());
    p.run().waitUntilFinish();
    assertEquals(List.of(), Files.readAllLines(Path.of(root, "events/alice/2025-11-20.jsonl")));
    assertEquals(List.of(String.join(",", JsonRows.EVENT_COLUMNS)),
        Files.readAllLines(Path.of(root, "events/alice/2025-11-20.csv")));
    assertFalse("no recording of bob's, no table", Files.exists(Path.of(root, "events/bob")));
  }

  @Test
  public void aRecordingWithADeadLetterIsNotFinishedAndItsNewClipsGo() throws Exception {
    String root = tmp.getRoot().getPath();
    ClipRef clip = clip(root, ALICE, "Speech", "/m/09x0r", 8_000, 40_000);
    Files.createDirectories(Path.of(clip.clipPath()).getParent());
    Files.writeString(Path.of(clip.clipPath()), "a clip of a recording whose window 3 did not decode");
    PCollection<Recording> recs = p.apply("Recordings", Create.of(List.of(ALICE, BOB)).withCoder(RecordingCoder.of()));
    PCollection<ClipRef> clips = p.apply("Clips", Create.of(List.of(clip)).withCoder(SerializableCoder.of(ClipRef.class)));
    PCollection<DeadLetter> failures = p.apply("Failures",
        Create.of(DeadLetter.forFile(ALICE, "ClassifyWindows", DeadLetter.Reason.TRUNCATED, "window 3")));
    RecordingResults.of(recs, clips, failures)
        .apply("FinishRecordings", new FinishRecordings(root, SETTINGS))
        .apply("WriteEventTable", new WriteEventTable(root));
    p.run().waitUntilFinish();
    assertFalse("no manifest: the next run tries alice again", Files.exists(Path.of(root, "manifests/alice")));
    assertFalse("its clip is in no table, so it goes", Files.exists(Path.of(clip.clipPath())));
    assertFalse(Files.exists(Path.of(root, "events/alice")));
    assertFalse(Files.exists(Path.of(root, "events/raven/alice")));
    assertEquals(List.of(), Files.readAllLines(Path.of(root, "events/bob/2025-11-21.jsonl")));
  }

  @Test
  public void onlyARecordingsOwnDeadLettersUnfinishItNotThoseOfOtherRowsNamingItsFile() throws Exception {
    String root = tmp.getRoot().getPath();
    String shared = "/in/shared/0100.ogg";
    Instant start = Instant.parse("2025-11-20T01:00:00Z");
    Recording carol = new Recording("carol", shared, start, null, new ListingLine("/in/l.jsonl", 7));
    Recording dave = new Recording("dave", shared, start, null, new ListingLine("/in/l.jsonl", 8));
    Recording carolLater = new Recording("carol", shared, start.plusSeconds(1800), null, new ListingLine("/in/l.jsonl", 9));
    ClipRef carolsClip = clip(root, carol, "Speech", "/m/09x0r", 8_000, 40_000);
    ClipRef davesClip = clip(root, dave, "Speech", "/m/09x0r", 8_000, 40_000);
    ClipRef latersClip = clip(root, carolLater, "Speech", "/m/09x0r", 8_000, 40_000);
    for (ClipRef c : List.of(carolsClip, davesClip, latersClip)) {
      Files.createDirectories(Path.of(c.clipPath()).getParent());
      Files.writeString(Path.of(c.clipPath()), "clip");
    }
    PCollection<Recording> recs = p.apply("Recordings",
        Create.of(List.of(carol, dave, carolLater)).withCoder(RecordingCoder.of()));
    PCollection<ClipRef> clips = p.apply("Clips",
        Create.of(List.of(carolsClip, davesClip, latersClip)).withCoder(SerializableCoder.of(ClipRef.class)));
    // Bad rows naming the file (issue 20), and the same file failing for another of its recordings.
    PCollection<DeadLetter> failures = p.apply("Failures", Create.of(
        DeadLetter.forRow("/in/l.jsonl", 1, "bob", shared, "ReadListings", DeadLetter.Reason.BAD_TIMESTAMP, "x"),
        DeadLetter.forRow("/in/l.jsonl", 2, null, shared, "ReadListings", DeadLetter.Reason.MISSING_FIELD, "x"),
        DeadLetter.forRow("/in/l.jsonl", 3, "../../etc", shared, "ReadListings", DeadLetter.Reason.UNSAFE_USER_ID, "x"),
        DeadLetter.forFile(dave, "WriteClips", DeadLetter.Reason.CORRUPT_PAGE, "clip"),
        DeadLetter.forFile(carolLater, "ClassifyWindows", DeadLetter.Reason.TRUNCATED, "window 3")));
    RecordingResults.of(recs, clips, failures)
        .apply("FinishRecordings", new FinishRecordings(root, SETTINGS))
        .apply("WriteEventTable", new WriteEventTable(root));
    p.run().waitUntilFinish();

    assertTrue("carol's recording is finished", Files.exists(Path.of(root, "manifests/carol/2025-11-20/010000.json")));
    assertTrue(Files.exists(Path.of(carolsClip.clipPath())));
    assertTrue(Files.exists(Path.of(root, "events/raven/carol/2025-11-20/010000.selections.txt")));
    List<String> table = Files.readAllLines(Path.of(root, "events/carol/2025-11-20.jsonl"));
    assertEquals(1, table.size());
    assertThat(table.get(0), containsString(carolsClip.clipPath()));
    // Her later recording of the same file, and dave's, failed themselves: not finished, clips gone.
    assertFalse(Files.exists(Path.of(root, "manifests/carol/2025-11-20/013000.json")));
    assertFalse(Files.exists(Path.of(latersClip.clipPath())));
    assertFalse(Files.exists(Path.of(root, "manifests/dave")));
    assertFalse(Files.exists(Path.of(davesClip.clipPath())));
    assertFalse(Files.exists(Path.of(root, "events/dave")));
  }

  @Test
  public void oneDeadLetterPerInput() {
    Recording a = new Recording("alice", "/in/a.ogg", ALICE.startTime(), null);
    DeadLetter w3 = DeadLetter.forFile(a, "ClassifyWindows", DeadLetter.Reason.CORRUPT_PAGE, "window 3");
    DeadLetter w4 = DeadLetter.forFile(a, "ClassifyWindows", DeadLetter.Reason.TRUNCATED, "window 4");
    DeadLetter clip = DeadLetter.forFile(a, "WriteClips", DeadLetter.Reason.CORRUPT_PAGE, "clip");
    DeadLetter other = DeadLetter.forFile(new Recording("alice", "/in/b.ogg", ALICE.startTime(), null),
        "ClassifyWindows", DeadLetter.Reason.TRUNCATED, "window 4");
    // The same file listed for a second user is a second input.
    DeadLetter bobs = DeadLetter.forFile(new Recording("bob", "/in/a.ogg", ALICE.startTime(), null),
        "ClassifyWindows", DeadLetter.Reason.TRUNCATED, "window 4");
    DeadLetter row1 = DeadLetter.forRow("/in/l.jsonl", 1, "alice", "/in/a.ogg", "ReadListings",
        DeadLetter.Reason.BAD_TIMESTAMP, "start_time");
    DeadLetter row2 = DeadLetter.forRow("/in/l.jsonl", 2, null, null, "ReadListings", DeadLetter.Reason.MISSING_FIELD, "uri");
    // A recording read from a listing: its letters are about its row, one whatever the steps.
    Recording listed = new Recording("carol", "/in/a.ogg", ALICE.startTime(), null, new ListingLine("/in/l.jsonl", 3));
    DeadLetter probe = DeadLetter.forFile(listed, "SplitIntoWindows", DeadLetter.Reason.TRUNCATED, "probe");
    DeadLetter window = DeadLetter.forFile(listed, "ClassifyWindows", DeadLetter.Reason.CORRUPT_PAGE, "window 2");
    org.apache.beam.sdk.testing.PAssert.that(
            p.apply(Create.of(w4, w3, clip, other, bobs, row1, row2, w4, window, probe)).apply(new DeduplicateDeadLetters()))
        .containsInAnyOrder(w4, other, bobs, row1, row2, window); // first by stage, then reason
    p.run().waitUntilFinish();
  }

  @Test
  public void deadLettersAreOneJsonObjectPerLine() throws Exception {
    String root = tmp.getRoot().getPath();
    DeadLetter row = DeadLetter.forRow("/in/listing.jsonl", 3, "bob", null, "ReadListings",
        DeadLetter.Reason.BAD_TIMESTAMP, "start_time 'x'");
    DeadLetter file = DeadLetter.forFile(new Recording("alice", "/in/a.ogg", ALICE.startTime(), null),
        "SplitIntoWindows", DeadLetter.Reason.EMPTY_FILE, "no frames");
    DeadLetter listed = DeadLetter.forFile(
        new Recording("alice", "/in/b.ogg", ALICE.startTime(), null, new ListingLine("/in/listing.jsonl", 4)),
        "SplitIntoWindows", DeadLetter.Reason.NOT_OGG, "no OggS capture");
    p.apply(Create.of(row, file, listed)).apply(WriteJsonLines.deadLetters(root, "run-1"));
    p.run().waitUntilFinish();
    List<String> lines = RunOutputsTest.shardLines(Path.of(root, "errors", "run-1"), "dead-letters");
    assertEquals(3, lines.size());
    // A file's dead letter names the listing row of its recording, as a bad row's does.
    assertEquals(true, lines.contains("{\"user_id\":\"alice\",\"uri\":\"/in/b.ogg\",\"recording_start\":\"2025-11-20T05:30:00Z\",\"listing_file\":\"/in/listing.jsonl\","
        + "\"line\":4,\"stage\":\"SplitIntoWindows\",\"error\":\"NOT_OGG\",\"message\":\"/in/b.ogg: no OggS capture\","
        + "\"stack_trace\":\"\"}"));
    assertEquals(true, lines.contains("{\"user_id\":\"bob\",\"uri\":null,\"recording_start\":null,\"listing_file\":\"/in/listing.jsonl\",\"line\":3,\"stage\":\"ReadListings\","
        + "\"error\":\"BAD_TIMESTAMP\",\"message\":\"/in/listing.jsonl:3: start_time 'x'\",\"stack_trace\":\"\"}"));
    assertEquals(true, lines.contains("{\"user_id\":\"alice\",\"uri\":\"/in/a.ogg\",\"recording_start\":\"2025-11-20T05:30:00Z\",\"listing_file\":null,\"line\":null,\"stage\":\"SplitIntoWindows\","
        + "\"error\":\"EMPTY_FILE\",\"message\":\"/in/a.ogg: no frames\",\"stack_trace\":\"\"}"));
  }
}
