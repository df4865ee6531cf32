package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import com.fasterxml.jackson.databind.JsonNode;
import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.transforms.classify.LocalModelCopy;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The multi-host path on one machine: {@code export-model --target=file://...} then
 * {@code run --model=file://...}; workers copy the model to local disk (LocalModelCopy).
 */
public class RemoteModelTest implements Serializable {
  @ClassRule public static final transient TemporaryFolder TMP = new TemporaryFolder();
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static Path exported;
  static String uri;

  @BeforeClass
  public static void exportToFileUri() throws Exception {
    String model = RealModel.tflite().toString();
    exported = TMP.getRoot().toPath().resolve("bucket/yamnet");
    uri = "file://" + exported;
    assertEquals(0, Main.run(new String[] {"export-model", "--model=" + model, "--target=" + uri}));
    assertTrue("export-model wrote no SavedModel at " + exported, Files.isRegularFile(exported.resolve("saved_model.pb")));
  }

  @Test
  public void remoteModelWithoutClassMapIsAClearError() {
    EarmarkOptions o = PipelineOptionsFactory.create().as(EarmarkOptions.class);
    o.setModel(uri);
    // Without the test-only fallback (-Dearmark.yamnet.dir) nothing local names the class map.
    String dir = System.clearProperty("earmark.yamnet.dir");
    try {
      assertEquals(uri, EarmarkPipeline.modelConfig(o).source());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EarmarkPipeline.eventTypes(o));
      assertThat(e.getMessage(), containsString("--model=" + uri + " is remote"));
      assertThat(e.getMessage(), containsString("--classMap="));
    } finally {
      if (dir != null) {
        System.setProperty("earmark.yamnet.dir", dir);
      }
    }
  }

  @Test
  public void runWithAFileUriModelFindsTheSpeech() throws Exception {
    SpeechNight night = SpeechNight.shared();
    Path classMap = TMP.getRoot().toPath().resolve("client/" + ClassMap.FILE_NAME);
    Files.createDirectories(classMap.getParent());
    Files.copy(exported.resolve(ClassMap.FILE_NAME), classMap);
    Path copies = TMP.newFolder("model-copies").toPath();
    Path out = TMP.newFolder("out").toPath();

    EarmarkOptions o = p.getOptions().as(EarmarkOptions.class);
    o.setListing(night.listing.toString());
    o.setOutput(out.toString());
    o.setModel(uri);
    o.setClassMap(classMap.toString());
    o.setClasses("Speech");
    o.setRunId("remote-model");
    String before = System.setProperty(LocalModelCopy.ROOT_PROPERTY, copies.toString());
    try {
      EarmarkPipeline.build(p, o);
      p.run().waitUntilFinish();
    } finally {
      if (before == null) {
        System.clearProperty(LocalModelCopy.ROOT_PROPERTY);
      } else {
        System.setProperty(LocalModelCopy.ROOT_PROPERTY, before);
      }
    }

    // The workers loaded a local copy of the exported model, not the URI.
    try (var dirs = Files.list(copies)) {
      List<Path> made = dirs.toList();
      assertEquals("one model copy in " + copies + ": " + made, 1, made.size());
      assertTrue(Files.isRegularFile(made.get(0).resolve("saved_model.pb")));
    }
    List<JsonNode> speech = EndToEndTest.speech(EndToEndTest.allEvents(out));
    for (SpeechNight.Insertion ins : night.insertions) {
      long matches = speech.stream()
          .filter(e -> e.get("recording_uri").asText().equals(ins.uri()))
          .filter(e -> e.get("start_offset_s").asDouble() < ins.end() && e.get("end_offset_s").asDouble() > ins.start())
          .count();
      assertEquals("one Speech event for " + ins + " in " + speech, 1, matches);
    }
  }
}
