package dev.earmark.pipeline.evaluate;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.pipeline.commands.CommandLine;
import dev.earmark.pipeline.commands.EvaluateCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
  @TempDir Path dir;
  Path run;

  static String listingRow(String uri, double seconds) {
    return String.format(Locale.ROOT, "{\"user_id\":\"u\",\"uri\":\"%s\",\"start_time\":\"2026-01-01T00:00:00Z\","
        + "\"duration_s\":%.1f}%n", uri, seconds);
  }

  static String event(String uri, double start, double end, String type, String label) {
    return String.format(Locale.ROOT, "{\"recording_uri\":\"%s\",\"type\":\"%s\",\"label\":\"%s\",\"start_offset_s\":%.3f,"
        + "\"end_offset_s\":%.3f,\"peak_score\":0.5}%n", uri, type, label, start, end);
  }

  @BeforeEach
  void writeRun() throws Exception {
    // night1: 1 h with four truth rows; night2: 0.5 h without events; night3: no truth table.
    Files.writeString(dir.resolve("listing.jsonl"), listingRow("/in/night1.ogg", 3600) + listingRow("/in/night2.ogg", 1800)
        + listingRow("/in/night3.ogg", 600));
    Files.createDirectories(dir.resolve("truth"));
    Files.writeString(dir.resolve("truth/night1.csv"), String.join("\n",
        "start_s,end_s,label,level",
        "100,102,snore,normal",   // found by a detection ending 0.9 s before it (inside the 1 s pad)
        "200,201,snore,faint",    // missed: the nearest snore ends 1.1 s before it
        "300,303,dog,loud",       // found through its type, whatever YAMNet label triggered it
        "400,405,alarm,normal",   // found only through the synonyms file (type "phone")
        ""));
    Files.writeString(dir.resolve("truth/night2.csv"), "start_s,end_s,label,level\n");
    run = dir.resolve("run");
    Files.createDirectories(run.resolve("events/u"));
    Files.writeString(run.resolve("events/u/2026-01-01.jsonl"),
        event("/in/night1.ogg", 98.0, 99.1, "snore", "Snoring")
            + event("/in/night1.ogg", 197.5, 198.9, "snore", "Snort")
            + event("/in/night1.ogg", 301.0, 302.0, "dog", "Animal")
            + event("/in/night1.ogg", 401.0, 404.0, "phone", "Ringtone")
            + event("/in/night1.ogg", 407.0, 408.0, "cough", "Cough")     // 2 s after a truth row: not false
            + event("/in/night1.ogg", 2000.0, 2001.0, "cough", "Cough")   // in a gap: false
            + event("/in/night2.ogg", 50.0, 51.0, "breathing", "Breathing")); // on an event-free night
    Files.writeString(dir.resolve("synonyms.json"), "{\"alarm\": [\"phone\", \"Telephone bell ringing\"]}");
  }

  String[] args(String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("--events=" + run, "--listing=" + dir.resolve("listing.jsonl"),
        "--truth=" + dir + "/truth/*.csv"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void recallPrecisionAndFalseEventsFromHandMadeTables() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = evaluate(args("--synonyms=" + dir.resolve("synonyms.json")),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(EvaluateCommand.GOALS_MISSED, code, table);
    assertThat(table, containsString("not evaluated (no truth table): 1 recordings"));
    JsonNode json = new ObjectMapper().readTree(run.resolve("reports/evaluation.json").toFile());
    JsonNode snore = json.get("classes").get(0);
    assertEquals("snore", snore.get("class").asText());
    assertEquals(1.0, snore.get("normal_loud_recall").asDouble());
    assertEquals(0.0, snore.get("faint_recall").asDouble());
    assertEquals(2, snore.get("detections").asInt());
    assertEquals(0.5, snore.get("precision").asDouble()); // the Snort at 197.5 matched nothing
    assertEquals(0, snore.get("false_events").asInt());    // ...but it lies within 3 s of a truth row
    assertEquals(1.0, json.get("classes").get(1).get("recall").asDouble()); // dog
    assertEquals(1.0, json.get("classes").get(2).get("recall").asDouble()); // alarm, via synonyms
    assertEquals(1, json.get("events_on_recordings_without_events").asInt());
    assertEquals(1, json.get("false_events_in_gaps").asInt());
    // Gap hours: 1 h minus the stretches within 3 s of a truth row (8 + 7 + 9 + 11 s).
    assertEquals((3600 - 35) / 3600.0, json.get("gap_hours").asDouble(), 1e-4);
    assertEquals(0.5, json.get("hours_without_events").asDouble(), 1e-9);
    JsonNode all = json.get("all");
    assertEquals(3.0 / 4, all.get("recall").asDouble());
    assertEquals(7, all.get("detections").asInt());
    assertEquals(2, all.get("false_events").asInt());
    assertTrue(json.get("missed_goals").toString().contains("1 events on recordings without events"));

    // Without the synonyms the alarm is missed; with a 1.2 s pad the faint snore is found.
    ByteArrayOutputStream quiet = new ByteArrayOutputStream();
    evaluate(args("--padSeconds=1.2", "--json=" + dir.resolve("e2.json")), new PrintStream(quiet, true, StandardCharsets.UTF_8));
    JsonNode second = new ObjectMapper().readTree(dir.resolve("e2.json").toFile());
    assertEquals(1.0, second.get("classes").get(0).get("faint_recall").asDouble());
    assertEquals(0.0, second.get("classes").get(2).get("recall").asDouble());
  }

  @Test
  void detectionsOnAnotherClassesTruthAreCountedByThatClass() throws Exception {
    Synonyms none = Synonyms.none();
    TruthRow snore = new TruthRow("/n.ogg", 100, 102, "snore", "normal");
    TruthRow cough = new TruthRow("/n.ogg", 200, 201, "cough", "loud");
    EvaluatedRecording night = new EvaluatedRecording("/n.ogg", 600, List.of(snore, cough), List.of(
        detection(100.5, 101.5, "snore"),      // matches its own row
        detection(100.0, 101.0, "breathing"),  // on the snore
        detection(102.8, 103.5, "breathing"),  // on the snore once padded by 1 s
        detection(199.0, 202.0, "sneeze"),     // on the cough
        detection(203.5, 204.0, "sneeze"),     // 2.5 s after the cough: neither on it nor false (gap 3 s)...
        detection(400.0, 401.0, "sneeze")));   // ...this one is false
    EvaluationResult result = new Evaluation(none, 1.0, 3.0).evaluate(List.of(night));
    Map<String, ClassFigures> byName = new java.util.HashMap<>();
    result.classes().forEach(c -> byName.put(c.name(), c));
    assertEquals(Map.of(), byName.get("snore").onOtherClasses());
    assertEquals(Map.of("snore", 2), byName.get("breathing").onOtherClasses());
    assertEquals(Map.of("cough", 1), byName.get("sneeze").onOtherClasses());
    assertEquals(1, byName.get("sneeze").falseEvents());
    assertEquals(Map.of("snore", 2, "cough", 1), result.all().onOtherClasses());
    assertThat(EvaluationReport.table(result), containsString("breathing on snore 2"));
    JsonNode json = new ObjectMapper().readTree(EvaluationReport.json(result, List.of()));
    assertEquals(2, json.get("all").get("on_other_classes").get("snore").asInt());
  }

  @Test
  void theTotalCountsADetectionOnAnotherClassOnceHoweverManyClassesAcceptIt() throws Exception {
    Files.writeString(dir.resolve("beep.json"), "{\"alarm\": [\"beep\"]}");
    EvaluatedRecording night = new EvaluatedRecording("/n.ogg", 600, List.of(
        new TruthRow("/n.ogg", 10, 11, "alarm", "loud"),
        new TruthRow("/n.ogg", 50, 51, "beep", "loud"),
        new TruthRow("/n.ogg", 100, 102, "snore", "normal")), List.of(detection(100.5, 101.0, "beep")));
    EvaluationResult result = new Evaluation(Synonyms.read(dir.resolve("beep.json")), 1.0, 3.0).evaluate(List.of(night));
    // Both alarm (through the synonym) and beep accept the detection; it lies on the snore once.
    for (ClassFigures c : result.classes()) {
      assertEquals(c.name().equals("snore") ? Map.of() : Map.of("snore", 1), c.onOtherClasses(), c.name());
    }
    assertEquals(1, result.all().detections());
    assertEquals(Map.of("snore", 1), result.all().onOtherClasses());
  }

  private static Detection detection(double start, double end, String type) {
    return new Detection("/n.ogg", start, end, type, type, 0.5);
  }

  @Test
  void goalsMetGiveExitCodeZero() throws Exception {
    Files.writeString(run.resolve("events/u/2026-01-01.jsonl"),
        event("/in/night1.ogg", 99.0, 101.0, "snore", "Snoring") + event("/in/night1.ogg", 200.0, 201.0, "snore", "Snoring")
            + event("/in/night1.ogg", 301.0, 302.0, "dog", "Bark") + event("/in/night1.ogg", 401.0, 402.0, "alarm", "Alarm"));
    assertEquals(0, evaluate(args(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  @Test
  void badTruthRowsNameFileAndLine() throws Exception {
    Path bad = dir.resolve("truth/night1.csv");
    for (String[] c : new String[][] {
        {"start_s,end_s,label\n1,2,snore\n5,x,dog\n", "night1.csv line 3: end_s 'x' is not a number"},
        {"start_s,end_s,label\n1,2,snore\n5,4,dog\n", "night1.csv line 3: end_s 4 is not after start_s 5"},
        {"start_s,end_s,label,level\n1,2,snore,quiet\n", "night1.csv line 2: level 'quiet' is not faint, normal or loud"},
        {"start_s,end_s,label\n1,2\n", "night1.csv line 2: expected 3 fields, got 2"},
        {"begin,end,label\n", "night1.csv line 1: the header needs start_s,end_s,label"}}) {
      Files.writeString(bad, c[0]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> evaluate(args(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
      assertThat(e.getMessage(), containsString(c[1]));
    }
    Files.writeString(dir.resolve("truth/night9.csv"), "start_s,end_s,label\n");
    Files.writeString(bad, "start_s,end_s,label\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> evaluate(args(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertThat(e.getMessage(), containsString("night9.csv: no recording named 'night9' in the listing"));
  }

  @Test
  void relativeListingUrisAreRejectedAsRunRejectsThem() throws Exception {
    Files.writeString(dir.resolve("listing.jsonl"), listingRow("in/night1.ogg", 3600) + listingRow("in/night2.ogg", 1800));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> evaluate(args(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertThat(e.getMessage(), containsString("listing.jsonl line 1"));
  }

  /** The command as earmark runs it, but failures thrown rather than printed. */
  private static int evaluate(String[] args, PrintStream out) throws Exception {
    EvaluateCommand command = new EvaluateCommand();
    return command.run(CommandLine.parse(command, args), out, out);
  }
}
