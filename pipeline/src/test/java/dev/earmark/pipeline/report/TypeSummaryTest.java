package dev.earmark.pipeline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.pipeline.report.Night.NightEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeSummaryTest {
  @Test
  void snoreLineAsTheIssueWritesIt() {
    // 41 snores from 23:40 to 06:10 (across midnight), 40 of 85.5 s and one of 6 min: 63 min in all.
    List<NightEvent> events = new ArrayList<>();
    Instant first = Instant.parse("2025-11-20T23:40:00Z");
    for (int i = 0; i < 40; i++) {
      Instant s = first.plusSeconds(i * 540L);
      events.add(new NightEvent(s, s.plusMillis(85_500), "snore", "Snoring", 0.8, 0.5, null));
    }
    Instant last = Instant.parse("2025-11-21T06:04:00Z");
    events.add(new NightEvent(last, last.plusSeconds(360), "snore", "Snoring", 0.8, 0.5, null));
    events.add(new NightEvent(last, last.plusMillis(800), "cough", "Cough", 0.8, 0.5, null));
    List<TypeSummary> lines = TypeSummary.of(events);
    assertEquals(2, lines.size());
    assertEquals("cough: 1 event, 0.0 min, 06:04–06:04, longest 0.8 s", lines.get(0).line());
    assertEquals("snore: 41 events, 63 min, 23:40–06:10, longest 6.0 min", lines.get(1).line());
  }

  @Test
  void minutes() {
    assertEquals("0.4 min", TypeSummary.minutes(24));
    assertEquals("9.9 min", TypeSummary.minutes(594));
    assertEquals("63 min", TypeSummary.minutes(3780));
  }
}
