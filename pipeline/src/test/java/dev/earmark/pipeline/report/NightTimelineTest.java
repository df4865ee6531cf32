package dev.earmark.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.pipeline.report.Night.Chunk;
import dev.earmark.pipeline.report.Night.NightEvent;
import dev.earmark.pipeline.report.Night.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NightTimelineTest {
  static Instant at(String time) {
    return Instant.parse("2025-11-21T" + time + "Z");
  }

  static NightEvent event(String type, String start, double seconds) {
    Instant s = at(start);
    return new NightEvent(s, s.plusMillis(Math.round(seconds * 1000)), type, type, 0.9, 0.6, null);
  }

  /** Two chunks 00:10-00:40 and 02:00-02:30 (a gap between), a dead letter at 03:00 of unknown length. */
  static Night night(List<NightEvent> events) {
    return new Night("alice", "2025-11-21", List.of(
        new Chunk("/in/a.ogg", at("00:10:00"), 1800, Status.THIS_RUN, 2, null, null, null),
        new Chunk("/in/b.ogg", at("02:00:00"), 1800, Status.EARLIER, 1, null, null, null),
        new Chunk("/in/c.ogg", at("03:00:00"), Double.NaN, Status.DEAD_LETTER, 0, "CORRUPT_PAGE", "bad page", "r1")),
        events);
  }

  @Test
  void axisIsWholeHoursAndXIsLinearInTime() {
    NightTimeline t = new NightTimeline(night(List.of(event("snore", "00:20:00", 5), event("cough", "02:15:00", 1))));
    // The dead letter is drawn with the night's typical length (30 min): 03:00-03:30, so the axis ends at 04:00.
    assertEquals(at("00:00:00"), t.start());
    assertEquals(at("04:00:00"), t.end());
    double plot = NightTimeline.WIDTH - NightTimeline.LEFT - NightTimeline.RIGHT;
    assertEquals(NightTimeline.LEFT, t.x(at("00:00:00")), 1e-9);
    assertEquals(NightTimeline.LEFT + plot / 4, t.x(at("01:00:00")), 1e-9);
    assertEquals(NightTimeline.LEFT + plot * (2 * 3600 + 15 * 60) / (4 * 3600.0), t.x(at("02:15:00")), 1e-9);
    assertEquals(NightTimeline.WIDTH - NightTimeline.RIGHT, t.x(at("04:00:00")), 1e-9);
  }

  @Test
  void oneMarkPerEventAtItsStart() {
    List<NightEvent> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(event(i % 3 == 0 ? "cough" : "snore", String.format("00:%02d:30", 10 + 2 * i), 2));
    }
    NightTimeline t = new NightTimeline(night(events));
    String svg = t.render(i -> "#e" + i);
    Matcher m = Pattern.compile("<rect class=\"mark\" data-type=\"(\\w+)\" data-start-ms=\"(\\d+)\" x=\"([\\d.]+)\"")
        .matcher(svg);
    int marks = 0;
    while (m.find()) {
      Instant start = Instant.ofEpochMilli(Long.parseLong(m.group(2)));
      assertEquals(events.get(marks).start(), start);
      assertEquals(t.x(start), Double.parseDouble(m.group(3)), 0.051, "mark " + marks);
      marks++;
    }
    assertEquals(12, marks);
    assertTrue(svg.contains("data-t0-ms=\"" + at("00:00:00").toEpochMilli() + "\""), svg);
    // The recordings with the gap between them, and the failed one.
    assertEquals(3, svg.split("<rect class=\"chunk").length - 1);
    assertEquals(1, svg.split("<rect class=\"chunk dead-letter\"").length - 1);
  }

  @Test
  void eventsPerHourPerType() {
    NightTimeline t = new NightTimeline(night(List.of(event("snore", "00:20:00", 5), event("snore", "00:59:59", 5),
        event("snore", "02:01:00", 5), event("cough", "02:15:00", 1))));
    assertArrayEquals(new int[] {2, 0, 1, 0}, t.perHour().get("snore"));
    assertArrayEquals(new int[] {0, 0, 1, 0}, t.perHour().get("cough"));
  }
}
