package dev.earmark.transforms.events;

import static org.junit.Assert.assertEquals;

import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;

public class DetectEventsTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static final Recording REC = new Recording("alice", "/in/alice/0530.ogg", Instant.parse("2025-11-20T05:30:00Z"), null);
  // The same file listed under a second user is a second recording, not more windows of the first.
  static final Recording OTHER = new Recording("bob", REC.uri(), REC.startTime(), null);
  static final AudioInfo INFO = new AudioInfo(16_000, 1, 30 * 7680 + 7920);
  static final List<TargetClass> CLASSES = List.of(
      new TargetClass(0, "/m/09x0r", "Speech", 0.5f, 0.3f),
      new TargetClass(42, "/m/01b_21", "Cough", 0.6f, 0.4f));

  // Per-patch scores of one 30-patch recording, by target class.
  static final float[] SPEECH = {
    0.1f, 0.45f, 0.6f, 0.35f, 0.31f, 0.32f, 0.2f, 0.1f, 0.1f, 0.1f, // [2,5] hysteresis
    0.7f, 0.7f, 0.7f, 0.7f, 0.1f, 0.8f, 0.6f, 0.6f, 0.6f, 0.1f,    // [10,13] + [15,18]: 1.455 s apart
    0.1f, 0.1f, 0.55f, 0.55f, 0.55f, 0.55f, 0.55f, 0.2f, 0.1f, 0.1f // [22,26]
  };
  static final float[] COUGH = {
    0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.65f, 0.5f, 0.45f, 0.44f, 0.3f, // [5,8]: stays on while >= 0.4
    0.1f, 0.1f, 0.1f, 0.1f, 0.59f, 0.59f, 0.59f, 0.1f, 0.1f, 0.1f, // never reaches on
    0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f, 0.1f, 0.1f     // 25 alone: shorter than the minimum
  };

  /** The recording's scores cut into windows of {@code size} patches, in shuffled order. */
  static List<WindowScores> windows(Recording rec, int size) {
    List<WindowScores> out = new ArrayList<>();
    for (int first = 0, w = 0; first < SPEECH.length; first += size, w++) {
      int n = Math.min(size, SPEECH.length - first);
      float[][] scores = new float[n][2];
      for (int i = 0; i < n; i++) {
        scores[i][0] = SPEECH[first + i];
        scores[i][1] = COUGH[first + i];
      }
      out.add(new WindowScores(new AudioWindow(rec, w, first, n, INFO), scores));
    }
    Collections.shuffle(out, new Random(size));
    return out;
  }

  static String describe(Event e) {
    return String.format(Locale.ROOT, "%s %s [%d,%d) peak=%.2f mean=%.2f", e.recording().userId(), e.label(),
        e.startSample(), e.endSample(), e.peakScore(), e.meanScore());
  }

  static String expected(String user, String label, int first, int last, double peak, double mean) {
    return String.format(Locale.ROOT, "%s %s [%d,%d) peak=%.2f mean=%.2f", user, label,
        EventDetector.span(first, last).start(), EventDetector.span(first, last).end(), peak, mean);
  }

  static final List<String> EXPECTED = List.of(
      expected("alice", "Speech", 2, 5, 0.6, (0.6 + 0.35 + 0.31 + 0.32) / 4),
      expected("alice", "Speech", 10, 18, 0.8, (4 * 0.7 + 0.1 + 0.8 + 3 * 0.6) / 9),
      expected("alice", "Speech", 22, 26, 0.55, 0.55),
      expected("alice", "Cough", 5, 8, 0.65, (0.65 + 0.5 + 0.45 + 0.44) / 4));

  private PCollection<String> detect(String name, List<WindowScores> windows, Duration mergeGap) {
    return p.apply("Create" + name, Create.of(windows))
        .apply("Detect" + name, new DetectEvents(CLASSES.stream().map(EventType::single).toList(), Duration.ofMillis(500), mergeGap))
        .apply("Describe" + name, MapElements.into(TypeDescriptors.strings()).via(DetectEventsTest::describe));
  }

  @Test
  public void hysteresisMergeGapAndMinLengthGiveTheSameEventsForAnyWindowSize() {
    // 5- and 7-patch windows put events across window boundaries: [2,5] at 5, [22,26] at 25, the
    // merged [10,18] at 14.
    PAssert.that(detect("Whole", windows(REC, 30), Duration.ofMillis(1500))).containsInAnyOrder(EXPECTED);
    PAssert.that(detect("Five", windows(REC, 5), Duration.ofMillis(1500))).containsInAnyOrder(EXPECTED);
    PAssert.that(detect("Seven", windows(REC, 7), Duration.ofMillis(1500))).containsInAnyOrder(EXPECTED);
    p.run().waitUntilFinish();
  }

  @Test
  public void shorterMergeGapKeepsEventsApartAndRecordingsStaySeparate() {
    List<WindowScores> both = new ArrayList<>(windows(REC, 6));
    both.addAll(windows(OTHER, 30));
    List<String> expected = new ArrayList<>();
    for (String user : List.of("alice", "bob")) {
      expected.add(expected(user, "Speech", 2, 5, 0.6, (0.6 + 0.35 + 0.31 + 0.32) / 4));
      expected.add(expected(user, "Speech", 10, 13, 0.7, 0.7));
      expected.add(expected(user, "Speech", 15, 18, 0.8, 0.65));
      expected.add(expected(user, "Speech", 22, 26, 0.55, 0.55));
      expected.add(expected(user, "Cough", 5, 8, 0.65, (0.65 + 0.5 + 0.45 + 0.44) / 4));
    }
    PAssert.that(detect("Both", both, Duration.ofSeconds(1))).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
  }

  @Test
  public void aRecordingWithAWindowMissingGetsNoEvents() {
    // alice's window 2 (patches 10..14) failed to decode; bob's recording came through whole.
    List<WindowScores> windows = new ArrayList<>(windows(REC, 5));
    windows.removeIf(w -> w.window().windowIndex() == 2);
    windows.addAll(windows(OTHER, 7));
    PCollection<Event> detected = p.apply(Create.of(windows))
        .apply(new DetectEvents(CLASSES.stream().map(EventType::single).toList(), Duration.ofMillis(500),
            Duration.ofMillis(1500)));
    PAssert.that(detected.apply(MapElements.into(TypeDescriptors.strings()).via(e -> e.recording().userId())))
        .containsInAnyOrder(Collections.nCopies(EXPECTED.size(), "bob"));
    p.run().waitUntilFinish();
  }

  @Test
  public void eventSpansRunFromTheFirstPatchsLastHopToTheLastPatchsFirstHop() {
    // Patches 7..13 fired for speech at 4.0..6.47 s: 3.36 + 0.975 - 0.24 = 4.095 s, 6.24 + 0.24 = 6.48 s.
    assertEquals(4.095 * 16_000, EventDetector.span(7, 13).start(), 0.5);
    assertEquals(6.48 * 16_000, EventDetector.span(7, 13).end(), 0.5);
    // One patch: a hop centred on the patch centre (k * 0.48 + 0.4875 s).
    assertEquals(4 * 7_680 + 7_800 - 3_840, EventDetector.span(4, 4).start());
    assertEquals(4 * 7_680 + 7_800 + 3_840, EventDetector.span(4, 4).end());
    assertEquals(7_800 + 7_680 - 3_840, EventDetector.span(0, 2).start());
    assertEquals(0, EventDetector.span(0, 0).start() > 0 ? 0 : 1);
  }

  @Test
  public void aTypeFiresOnAnyMemberIsLabelledByItsBestMemberAndNeedsItsConsecutivePatches() {
    // "noise": Speech (on 0.5, off 0.3) and Cough (on 0.6, off 0.4) as one type over the same series.
    EventType noise = new EventType("noise", CLASSES, 1);
    EventDetector detector = new EventDetector(List.of(noise), 8_000, 0);
    List<String> events = detector.detect(windows(REC, 30)).stream().map(DetectEventsTest::describeTyped).toList();
    // Patches 2..8 hold one run: Speech carries 2..5, Cough (0.65 at 5, >= 0.4 to 8) carries 6..8;
    // Cough peaks higher (0.65 > 0.6), so it labels the event. Cough's 0.59 at 14 (>= its off) joins
    // 10..13 and 15..18 without any merge gap; in 22..26 Cough's lone 0.9 outscores Speech's 0.55.
    assertEquals(List.of(
        "noise Cough [" + EventDetector.span(2, 8).start() + "," + EventDetector.span(2, 8).end() + ")",
        "noise Speech [" + EventDetector.span(10, 18).start() + "," + EventDetector.span(10, 18).end() + ")",
        "noise Cough [" + EventDetector.span(22, 26).start() + "," + EventDetector.span(22, 26).end() + ")"), events);

    // Needing 4 consecutive on patches drops 2..8 (on at 2 and 5 only, not in a row) and keeps the rest.
    EventType strict = new EventType("noise", CLASSES, 4);
    List<String> strictEvents = new EventDetector(List.of(strict), 8_000, 0).detect(windows(REC, 7)).stream()
        .map(DetectEventsTest::describeTyped).toList();
    assertEquals(events.subList(1, 3), strictEvents);
  }

  @Test
  public void anUnlessClassKeepsItsTypeOffInThePatchesWhereItScoresHigh() {
    // "speech" over the Speech series, kept off where Cough scores >= 0.6 (patches 5 and 25): the
    // columns are the members, then the unless classes, as in the windows' [Speech, Cough] layout.
    TargetClass coughAbove06 = new TargetClass(42, "/m/01b_21", "Cough", 0.6f, 0.6f);
    EventType speech = new EventType("speech", CLASSES.subList(0, 1), 1, List.of(coughAbove06));
    assertEquals(List.of(0, 42), EventType.scoreColumns(List.of(speech)).stream().map(TargetClass::index).toList());
    List<String> events = new EventDetector(List.of(speech), 0, 0).detect(windows(REC, 30)).stream()
        .map(DetectEventsTest::describeTyped).toList();
    // Without the unless class: [2,5], [10,13], [15,18], [22,26]. Patch 5 is cut off the first run;
    // patch 25 splits the last into [22,24] and [26,26].
    assertEquals(List.of(typed("speech Speech", 2, 4), typed("speech Speech", 10, 13), typed("speech Speech", 15, 18),
        typed("speech Speech", 22, 24), typed("speech Speech", 26, 26)), events);
  }

  @Test
  public void aGateLetsItsTypeFireOnlyWhereTheGateAgrees() {
    // "speech" over the Speech series, gated by Cough (on 0.44, off 0.3) standing in for a head
    // output: on only where Cough >= 0.44 (patches 5-8, 14-16, 25), sustained while >= 0.3 (5-9, 14-16, 25).
    TargetClass gate = new TargetClass(42, "/m/01b_21", "Cough", 0.44f, 0.3f);
    EventType speech = new EventType("speech", CLASSES.subList(0, 1), 1, List.of(), List.of(gate));
    assertEquals(List.of(0, 42), EventType.scoreColumns(List.of(speech)).stream().map(TargetClass::index).toList());
    List<String> events = new EventDetector(List.of(speech), 0, 0).detect(windows(REC, 30)).stream()
        .map(DetectEventsTest::describeTyped).toList();
    // Speech alone: [2,5], [10,13], [15,18], [22,26]. Where both are on: 15-16 (Speech 0.8/0.6, Cough
    // 0.59) and 25 (Speech 0.55, Cough 0.9); patch 5 is sustained by both but on in neither.
    assertEquals(List.of(typed("speech Speech", 15, 16), typed("speech Speech", 25, 25)), events);
  }

  @Test
  public void aHeadOutputIsAClassNumberedAfterYamnets() {
    TargetClass head = TargetClass.head(2, "door", 0.8f, 0.4f);
    assertEquals(521 + 2, head.index());
    assertEquals("head:door", head.mid());
    assertEquals("door (head)", head.displayName());
    assertEquals(true, head.isHeadOutput());
    assertEquals(2, head.headOutput());
    assertEquals(false, CLASSES.get(1).isHeadOutput());
  }

  @Test(expected = IllegalArgumentException.class)
  public void aClassThatIsAMemberAndAnUnlessClassOfOneTypeIsRejected() {
    EventType.scoreColumns(List.of(new EventType("a", CLASSES, 1, List.of(CLASSES.get(1)))));
  }

  static String typed(String typeAndLabel, int first, int last) {
    return typeAndLabel + " [" + EventDetector.span(first, last).start() + "," + EventDetector.span(first, last).end() + ")";
  }

  @Test(expected = IllegalArgumentException.class)
  public void aClassInTwoTypesIsRejected() {
    new EventDetector(List.of(new EventType("a", CLASSES, 1), new EventType("b", CLASSES.subList(0, 1), 1)), 0, 0);
  }

  static String describeTyped(Event e) {
    return e.type() + " " + e.label() + " [" + e.startSample() + "," + e.endSample() + ")";
  }
}
