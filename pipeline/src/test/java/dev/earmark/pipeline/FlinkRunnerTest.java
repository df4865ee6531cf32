package dev.earmark.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import dev.earmark.models.yamnet.testing.RealModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The end-to-end job on an embedded Flink ({@code --flinkMaster=[local]}, 2 slots) gives the same
 * events, clips and dead letters as the DirectRunner on the same speech night (EndToEndTest's
 * fixture), with the real YAMNet model.
 */
public class FlinkRunnerTest {
  // 25-patch (12 s) windows: several windows per recording and an event across a window boundary.
  private static final int WINDOW_PATCHES = 25;

  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  private static SpeechNight night;
  private static String model;

  @BeforeClass
  public static void makeNight() throws Exception {
    model = RealModel.tflite().toString();
    night = SpeechNight.shared();
  }

  @Test
  public void embeddedFlinkGivesTheDirectRunnersEventsClipsAndDeadLetters() throws Exception {
    Path direct = run("direct", "--runner=DirectRunner");
    Path flink = run("flink", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");

    List<String> directEvents = events(direct);
    assertFalse("the DirectRunner found events", directEvents.isEmpty());
    assertEquals(directEvents, events(flink));
    assertEquals(clips(direct), clips(flink));
    assertEquals(deadLetters(direct), deadLetters(flink));
    assertEquals("one metrics record per window on both runners",
        EndToEndTest.runRecords(direct, "metrics", "direct", "memory").size(),
        EndToEndTest.runRecords(flink, "metrics", "flink", "memory").size());
  }

  private static Path run(String name, String... runnerArgs) throws IOException {
    Path out = TMP.newFolder(name).toPath();
    List<String> args = new ArrayList<>(List.of(runnerArgs));
    args.addAll(List.of("--listing=" + night.listing, "--output=" + out, "--model=" + model,
        "--windowPatches=" + WINDOW_PATCHES, "--runId=" + name));
    EarmarkOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
        .withValidation().as(EarmarkOptions.class);
    EmbeddedFlink.bindToLoopback(options); // as `earmark run` does: the test's cluster offers nothing to the network either
    Pipeline pipeline = Pipeline.create(options);
    EarmarkPipeline.build(pipeline, options);
    assertEquals(name, PipelineResult.State.DONE, pipeline.run().waitUntilFinish());
    return out;
  }

  /** Events as sorted rows of their output-independent fields (duplicates kept). */
  private static List<String> events(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (JsonNode e : EndToEndTest.allEvents(out)) {
      rows.add(String.format(Locale.ROOT, "%s %s %s %.3f-%.3f peak %.3f mean %.3f %s",
          e.get("user_id").asText(), e.get("recording_uri").asText(), e.get("label").asText(),
          e.get("start_offset_s").asDouble(), e.get("end_offset_s").asDouble(),
          e.get("peak_score").asDouble(), e.get("mean_score").asDouble(),
          out.relativize(Path.of(e.get("clip_path").asText()))));
    }
    rows.sort(null);
    return rows;
  }

  /** Clip files as "relative path, size" rows. */
  private static List<String> clips(Path out) throws IOException {
    try (Stream<Path> files = Files.walk(out.resolve("clips"))) {
      return files.filter(Files::isRegularFile)
          .map(f -> out.relativize(f) + " " + f.toFile().length())
          .sorted()
          .toList();
    }
  }

  private static List<String> deadLetters(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (JsonNode d : EndToEndTest.runRecords(out, "errors", out.getFileName().toString(), "dead-letters")) {
      rows.add(d.get("uri").asText() + " " + d.get("stage").asText() + " " + d.get("error").asText());
    }
    rows.sort(null);
    return rows;
  }
}
