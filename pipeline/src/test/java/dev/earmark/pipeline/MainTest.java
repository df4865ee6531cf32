package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.pipeline.commands.CommandLine;
import dev.earmark.pipeline.commands.OptionsHelp;
import dev.earmark.pipeline.commands.RunCommand;
import dev.earmark.pipeline.commands.UsageException;
import dev.earmark.pipeline.commands.VersionCommand;
import dev.earmark.transforms.audio.ClipFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.junit.jupiter.api.Test;

class MainTest {
  private static EarmarkOptions parse(String[] args) {
    try {
      return CommandLine.parse(new RunCommand(), args);
    } catch (UsageException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Test
  void runHelpListsEveryOptionWithItsDescription() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OptionsHelp.print(new RunCommand(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String help = bytes.toString(StandardCharsets.UTF_8);
    for (String option : new String[] {"--listing", "--output", "--users", "--from", "--to", "--model",
        "--eventTypes", "--classes", "--onThreshold", "--offThreshold", "--minEventMillis", "--mergeGapMillis",
        "--clipPaddingMillis", "--maxClipSeconds", "--clipFormat", "--windowSeconds", "--windowPatches", "--inferenceBatchSize",
        "--runId"}) {
      assertThat(help, containsString(option));
    }
    assertThat(help, containsString("Glob of listing files"));
    assertThat(help, containsString("--listing=<String>   (required)"));
    assertThat(help, containsString("--output=<String>   (required)"));
    for (String factory : new String[] {"ModelPathFactory", "ClassMapPathFactory", "WindowPatchesFactory"}) {
      assertThat("real defaults, not factory names", help, not(containsString(factory)));
    }
    assertThat(help, containsString("default: 125")); // --windowPatches, computed from --windowSeconds
    assertThat(help, containsString("Default: the job name"));
    for (String option : new String[] {"--runner", "--flinkMaster", "--parallelism", "--targetParallelism",
        "--gcsEndpoint", "--project", "--credentialFactoryClass"}) {
      assertThat(help, containsString(option));
    }
    assertThat("Beam internals stay hidden", help, not(containsString("--enforceImmutability")));
  }

  @Test
  void runUsesProductionDirectRunnerDefaultsUnlessAsked() {
    DirectOptions quiet = parse(new String[] {"--listing=a.jsonl", "--output=/tmp/x"}).as(DirectOptions.class);
    assertFalse(quiet.isEnforceImmutability());
    assertFalse(quiet.isEnforceEncodability());
    assertEquals(Runtime.getRuntime().availableProcessors(), quiet.getTargetParallelism());
    DirectOptions asked = parse(new String[] {"--listing=a.jsonl", "--output=/tmp/x",
        "--enforceImmutability=true", "--enforceEncodability=true", "--targetParallelism=7"}).as(DirectOptions.class);
    assertTrue(asked.isEnforceImmutability());
    assertTrue(asked.isEnforceEncodability());
    assertEquals(7, asked.getTargetParallelism());
  }

  @Test
  void verboseUndoesEveryQuietedLoggerInTheShippedConfiguration() throws Exception {
    java.util.Properties shipped = new java.util.Properties();
    try (var in = Main.class.getResourceAsStream("/simplelogger.properties")) {
      shipped.load(in);
    }
    List<String> quieted = shipped.stringPropertyNames().stream()
        .filter(k -> k.startsWith("org.slf4j.simpleLogger.log.") && !shipped.getProperty(k).equals("info")).toList();
    assertTrue(quieted.size() >= 3, "the shipped configuration quiets several loggers: " + quieted);
    try {
      Main.verbose();
      for (String key : quieted) {
        assertEquals("info", System.getProperty(key), key);
      }
      assertEquals("info", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"));
    } finally {
      shipped.stringPropertyNames().forEach(System::clearProperty);
      System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
      System.clearProperty("org.slf4j.simpleLogger.showThreadName");
    }
  }

  @Test
  void versionPrintsTheSettingsInEffect() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertEquals(0, VersionCommand.print(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out, containsString("earmark "));
    assertThat(out, containsString("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB"));
    assertThat(out, containsString("MALLOC_ARENA_MAX="));
  }

  @Test
  void usageNamesEverySubcommand() {
    for (String command : new String[] {"run", "list", "classify", "export-model", "fetch-model", "evaluate", "train", "demo", "report", "version"}) {
      assertThat(Main.usage(), containsString("  " + command + " "));
    }
    assertEquals(2, Main.run(new String[] {"frobnicate"}));
    assertEquals(0, Main.run(new String[] {"--help"}));
  }

  @Test
  void listingAndOutputAreRequiredAndDefaultsAreSensible() {
    assertThrows(IllegalArgumentException.class, () -> parse(new String[] {"--output=/tmp/x"}));
    assertEquals(2, Main.run(new String[] {"run", "--output=/tmp/x"}));
    assertEquals(2, Main.run(new String[] {"list", "--root=/tmp", "--output=/tmp/x", "--bogus=1"}));
    EarmarkOptions o = parse(new String[] {"--listing=/in/*.jsonl", "--output=/tmp/x"});
    assertEquals(125, o.getWindowPatches());
    assertEquals(25, parse(new String[] {"--listing=a", "--output=b", "--windowSeconds=12"}).getWindowPatches());
    assertEquals(7, parse(new String[] {"--listing=a", "--output=b", "--windowPatches=7"}).getWindowPatches());
    assertEquals(32, o.getInferenceBatchSize());
    assertEquals(ClipFormat.WAV, o.getClipFormat());
    assertEquals(0.4f, o.getOnThreshold());
    assertEquals(o.getJobName(), EarmarkPipeline.runId(o), "the run id defaults to the (unique) job name");
    EarmarkOptions flac = parse(new String[] {"--listing=a", "--output=b", "--clipFormat=FLAC", "--users=a,b"});
    assertEquals(ClipFormat.FLAC, flac.getClipFormat());
    assertEquals(java.util.List.of("a", "b"), flac.getUsers());
  }

  @Test
  void everySubcommandHasHelp() {
    for (String command : new String[] {"run", "list", "classify", "export-model", "fetch-model", "evaluate", "train", "demo", "report", "version"}) {
      assertEquals(0, Main.run(new String[] {command, "--help"}), command);
    }
  }

  @Test
  void missingModelIsAUsageErrorThatSaysHowToGetOne() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = System.err;
    int code;
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      code = Main.run(new String[] {"run", "--listing=/nonexistent/*.jsonl", "--output=/tmp/earmark-unused",
          "--model=/nonexistent/yamnet.tflite"});
    } finally {
      System.setErr(err);
    }
    assertEquals(2, code);
    assertThat(bytes.toString(StandardCharsets.UTF_8), containsString("/nonexistent/yamnet.tflite"));
  }

  @Test
  void badDatesAreUsageErrors() {
    EarmarkOptions o = parse(new String[] {"--listing=a", "--output=b", "--from=2025-13-01"});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordingFilterOptions.filter(o));
    assertThat(e.getMessage(), containsString("--from=2025-13-01"));
  }
}
