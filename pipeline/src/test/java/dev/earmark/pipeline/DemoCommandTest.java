package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.pipeline.demo.DemoNight;
import dev.earmark.pipeline.demo.DemoNightFixture;
import dev.earmark.pipeline.demo.DemoNightTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code earmark demo} through {@link Main}: generates the night, runs the job, prints the report. */
class DemoCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static List<JsonNode> jsonLines(Path file) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(JSON.readTree(line));
      }
    }
    return rows;
  }

  @Test
  void demoFindsEverySpokenPhraseAndReportsTheRun(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("demo");
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = Main.run(new String[] {"demo", "--output=" + out, "--runId=demo-test"});
    } finally {
      System.setOut(stdout);
    }
    String report = captured.toString(StandardCharsets.UTF_8);
    stdout.println(report);
    assertEquals(0, code, report);
    assertThat(report, containsString("earmark run demo-test: DONE"));
    assertThat(report, containsString("dead letters 0"));
    assertThat(report, containsString(out.resolve("events/<user_id>/<yyyy-MM-dd>.jsonl").toString()));
    List<JsonNode> metrics = EndToEndTest.runRecords(out, "metrics", "demo-test", "memory");
    assertTrue(metrics.size() > 0);
    assertThat(report, containsString(
        out.resolve("metrics/demo-test/memory-*.jsonl") + " (" + metrics.size() + " records)"));
    assertThat(report, containsString(out.resolve("errors/demo-test/dead-letters-*.jsonl") + " (0 dead letters)"));

    // Same bytes on every run: the demo's night equals the one generated for the other tests.
    DemoNightTest.assertSameNight(DemoNightFixture.input(), out.resolve("input"));

    List<JsonNode> events = EndToEndTest.allEvents(out);
    List<JsonNode> truth = jsonLines(out.resolve("input").resolve(DemoNight.TRUTH_FILE));
    int phrases = 0;
    for (JsonNode t : truth) {
      if (!t.get("kind").asText().equals("SPEECH")) {
        continue;
      }
      phrases++;
      double start = t.get("start_offset_s").asDouble();
      double end = t.get("end_offset_s").asDouble();
      long found = events.stream()
          .filter(e -> e.get("label").asText().equals("Speech"))
          .filter(e -> e.get("recording_uri").asText().equals(t.get("uri").asText()))
          .filter(e -> e.get("start_offset_s").asDouble() < end && e.get("end_offset_s").asDouble() > start)
          .count();
      assertEquals(1, found, "Speech events over " + t + " in " + events);
    }
    assertTrue(phrases >= 5, "demo truth lists its phrases");
  }
}
