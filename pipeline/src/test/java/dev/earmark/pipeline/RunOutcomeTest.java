package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult.State;
import org.junit.jupiter.api.Test;

class RunOutcomeTest {
  @Test
  void doneWithoutFailedInputsIsZero() {
    RunOutcome ok = RunOutcome.of(State.DONE, Map.of("windowsClassified", 12L, "failedInputs.NOT_OGG", 0L,
        "deadLetter.CORRUPT_PAGE", 3L));
    assertEquals(0, ok.exitCode());
    assertEquals("earmark run: completed, every input succeeded (exit code 0)", ok.summary());
  }

  @Test
  void doneWithFailedInputsIsThreeAndCountsThemPerReason() {
    // deadLetter.* counts every failing window; failedInputs.* counts inputs, one per dead letter written.
    RunOutcome some = RunOutcome.of(State.DONE, Map.of("failedInputs.TRUNCATED", 1L, "failedInputs.NOT_OGG", 2L,
        "deadLetter.TRUNCATED", 7L, "recordingsListed", 9L));
    assertEquals(3, some.exitCode());
    assertEquals(Map.of("NOT_OGG", 2L, "TRUNCATED", 1L), some.failedInputs());
    assertEquals("earmark run: completed, but 3 inputs failed (NOT_OGG 2, TRUNCATED 1; one dead letter each under "
        + "errors/) (exit code 3)", some.summary());
  }

  @Test
  void aRunThatDidNotFinishIsOne() {
    for (State state : new State[] {State.FAILED, State.CANCELLED, State.STOPPED, State.UNKNOWN}) {
      assertEquals(1, RunOutcome.of(state, Map.of("failedInputs.NOT_OGG", 2L)).exitCode(), state.name());
    }
    // The step's fault, not the runner's wrapper nor the library fault beneath it.
    RunOutcome thrown = RunOutcome.failed(new Pipeline.PipelineExecutionException(new IOException(
        "SplitIntoWindows: gs://b/a.ogg: gs://: no Google Cloud credentials found\n\tmore detail",
        new IOException("Your default credentials were not found"))));
    assertEquals(1, thrown.exitCode());
    assertEquals("earmark run: failed (FAILED: IOException: SplitIntoWindows: gs://b/a.ogg: gs://: no Google Cloud "
        + "credentials found) (exit code 1)", thrown.summary());
    assertEquals("earmark run: failed (FAILED: IllegalStateException: bug) (exit code 1)",
        RunOutcome.failed(new RuntimeException("wrapper", new IllegalStateException("bug"))).summary());
  }

  @Test
  void runHelpDocumentsTheExitCodes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    dev.earmark.pipeline.commands.OptionsHelp.print(new dev.earmark.pipeline.commands.RunCommand(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String help = bytes.toString(StandardCharsets.UTF_8);
    assertThat(help, containsString("exit codes:"));
    assertThat(help, containsString("  3  completed, but some inputs (listing rows, audio files) became dead letters"));
    assertThat(help, containsString("  1  the run failed"));
  }
}
