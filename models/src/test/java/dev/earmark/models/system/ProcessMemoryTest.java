package dev.earmark.models.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
  @Test
  void parsesKilobyteLinesAndMissingKeys() {
    List<String> status = List.of("Name:\tjava", "VmHWM:\t  2048 kB", "VmRSS:\t  1024 kB");
    assertEquals(1024L * 1024, ProcessMemory.bytes(status, "VmRSS:"));
    assertEquals(2048L * 1024, ProcessMemory.bytes(status, "VmHWM:"));
    assertEquals(-1, ProcessMemory.bytes(status, "VmSwap:"));
  }

  @Test
  void thisProcessHasResidentMemoryBelowItsPeak() {
    ProcessMemory m = ProcessMemory.read();
    assertTrue(m.rssBytes() > 0, m.toString());
    assertTrue(m.peakRssBytes() >= m.rssBytes(), m.toString());
  }
}
