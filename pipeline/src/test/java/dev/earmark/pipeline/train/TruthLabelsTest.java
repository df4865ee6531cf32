package dev.earmark.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.pipeline.evaluate.TruthRow;
import java.util.List;
import org.junit.jupiter.api.Test;

class TruthLabelsTest {
  static final List<String> TYPES = List.of("dog", "door");
  // Patch p spans [0.48 p, 0.48 p + 0.975) s; its middle is at 0.48 p + 0.4875 s.
  static final List<TruthRow> ROWS = List.of(
      new TruthRow("n.ogg", 10.0, 12.0, "door", "loud"),
      new TruthRow("n.ogg", 30.0, 31.0, "snore", "normal"));

  @Test
  void insideARowIsItsTypeFarFromEveryRowANegativeAndTheRestLeftOut() {
    assertEquals(1, TruthLabels.label(20, ROWS, TYPES), "middle 10.09 s: inside the door row");
    assertEquals(1, TruthLabels.label(23, ROWS, TYPES), "middle 11.53 s");
    assertEquals(-1, TruthLabels.label(0, ROWS, TYPES), "0-0.975 s: far from every row");
    assertEquals(-1, TruthLabels.label(14, ROWS, TYPES), "6.72-7.70 s: 2.3 s before the row");
    assertEquals(TruthLabels.LEFT_OUT, TruthLabels.label(17, ROWS, TYPES), "8.16-9.14 s: within 2 s of it");
    assertEquals(TruthLabels.LEFT_OUT, TruthLabels.label(26, ROWS, TYPES), "12.48-13.46 s: just after it");
    assertEquals(TruthLabels.LEFT_OUT, TruthLabels.label(62, ROWS, TYPES), "a snore: not a type this head learns");
    assertEquals(-1, TruthLabels.label(200, ROWS, TYPES), "96 s: far again");
  }
}
