package dev.earmark.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void secondsMinutesAndHoursRoundToWholeSeconds() {
    assertEquals("0s", Durations.format(0.4));
    assertEquals("59s", Durations.format(59.4));
    assertEquals("1m 00s", Durations.format(59.6));
    assertEquals("5m 10s", Durations.format(310));
    assertEquals("59m 59s", Durations.format(3599.4));
    assertEquals("1h 00m", Durations.format(3599.6));
    assertEquals("26h 03m", Durations.format(26 * 3600 + 3 * 60 + 59));
  }
}
