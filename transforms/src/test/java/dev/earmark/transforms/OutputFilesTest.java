package dev.earmark.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputFilesTest {
  @Test
  void partsThatAreNotOnePathComponentAreRefused() {
    assertEquals("/out/events/alice/2025-11-20.jsonl",
        OutputFiles.resolve("/out", "events", "alice", "2025-11-20.jsonl").toString());
    for (String bad : new String[] {"..", ".", "", "../../etc", "a/b", "a\\b"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OutputFiles.resolve("/out", "events", bad, "x.jsonl"), bad);
      assertTrue(e.getMessage().contains("outside /out"), e.getMessage());
    }
  }
}
