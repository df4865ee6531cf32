package dev.earmark.pipeline.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandArgsTest {
  private static CommandArgs parse(String... args) throws UsageException {
    return CommandArgs.parse(args, Set.of("top", "model"), Set.of("tflite"));
  }

  @Test
  void valuesFlagsAndPositionals() throws Exception {
    CommandArgs a = parse("in.ogg", "--top", "5", "--model=/m.tflite", "--tflite", "--", "--odd-name.ogg");
    assertEquals("5", a.value("top"));
    assertEquals(5, a.positiveInt("top", 3));
    assertEquals("/m.tflite", a.value("model"));
    assertTrue(a.flag("tflite"));
    assertEquals(List.of("in.ogg", "--odd-name.ogg"), a.positional());
    assertEquals(3, parse().positiveInt("top", 3));
    assertTrue(parse("-h").help());
  }

  @Test
  void mistakesAreUsageErrors() {
    assertThrows(UsageException.class, () -> parse("--top"));
    assertThrows(UsageException.class, () -> parse("--top=1", "--top=2"));
    assertThrows(UsageException.class, () -> parse("--tflite=yes"));
    assertThrows(UsageException.class, () -> parse("-x"));
    UsageException e = assertThrows(UsageException.class, () -> parse("--modle=x"));
    assertEquals("unknown option --modle", e.getMessage());
    e = assertThrows(UsageException.class, () -> parse("--top=-1").positiveInt("top", 1));
    assertTrue(e.getMessage().contains("positive integer"), e.getMessage());
  }

  @Test
  void progressBarRendersKnownAndUnknownTotals() {
    assertEquals("m [###############---------------] 1.0 MB / 2.0 MB  50%",
        ProgressBar.render("m", 1_000_000, 2_000_000));
    assertEquals("m 3.5 MB", ProgressBar.render("m", 3_500_000, -1));
  }
}
