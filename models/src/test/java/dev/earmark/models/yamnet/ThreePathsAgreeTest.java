package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .tflite-built graph, our exported SavedModel reloaded, and a plain-Java YAMNet (Java front
 * end + Java conv net) agree within 1e-4 on the same patches.
 */
class ThreePathsAgreeTest {
  @Test
  void tfliteGraphExportedSavedModelAndPlainJavaAgree(@TempDir Path tmp) throws IOException {
    Path tflite = RealModel.tflite();
    Path exported = tmp.resolve("yamnet_saved_model");
    YamnetExport.export(ModelConfig.of(tflite.toString()), exported.toString());
    assertTrue(Files.isRegularFile(exported.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(exported.resolve(ClassMap.FILE_NAME)), "class map copied beside");
    assertEquals(521, ClassMap.read(exported.resolve(ClassMap.FILE_NAME)).size());

    float[] clip = TestSignals.whiteNoise(2, 7);
    for (int i = 0; i < clip.length; i++) {
      clip[i] = 0.3f * clip[i] + 0.5f * (float) Math.sin(2 * Math.PI * 1000 * i / 16000.0);
    }
    int patches = (int) PatchGrid.patchCount(clip.length);
    float[][] fromTflite;
    float[][] melTflite;
    try (YamnetModel m = YamnetModel.load(ModelConfig.of(tflite.toString()))) {
      fromTflite = m.classify(clip);
      melTflite = m.logMel(clip);
    }
    float[][] fromSavedModel;
    try (YamnetModel m = YamnetModel.load(ModelConfig.of(exported.toString()))) {
      fromSavedModel = m.classify(clip);
    }
    JavaFrontEnd frontEnd = new JavaFrontEnd();
    float[] javaPatches = frontEnd.logMelPatches(clip, patches);
    PlainJavaYamnet plain = new PlainJavaYamnet(TfliteImporter.importWeights(tflite));

    double melDiff = 0;
    int patchSize = 96 * 64;
    for (int f = 0; f < 96; f++) {
      for (int b = 0; b < 64; b++) {
        melDiff = Math.max(melDiff, Math.abs(melTflite[f][b] - javaPatches[f * 64 + b]));
      }
    }
    double graphVsSaved = 0;
    double graphVsJava = 0;
    for (int p = 0; p < patches; p++) {
      float[] patch = java.util.Arrays.copyOfRange(javaPatches, p * patchSize, (p + 1) * patchSize);
      float[] plainScores = plain.scores(patch);
      for (int c = 0; c < 521; c++) {
        graphVsSaved = Math.max(graphVsSaved, Math.abs(fromTflite[p][c] - fromSavedModel[p][c]));
        graphVsJava = Math.max(graphVsJava, Math.abs(fromTflite[p][c] - plainScores[c]));
      }
    }
    System.out.printf("max |diff|: log-mel graph vs Java %.2e, scores graph vs SavedModel %.2e,"
        + " graph vs plain Java %.2e (%d patches)%n", melDiff, graphVsSaved, graphVsJava, patches);
    assertEquals(0, melDiff, 1e-4, "log-mel, graph vs Java front end");
    assertEquals(0, graphVsSaved, 1e-4);
    assertEquals(0, graphVsJava, 1e-4);
  }

  @Test
  void sha256MismatchIsAClearError(@TempDir Path tmp) throws IOException {
    String path = RealModel.tflite().toString();
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> YamnetModel.load(new ModelConfig(path, 32, 1, 1, "00".repeat(32))));
    assertTrue(e.getMessage().contains("sha256 mismatch") && e.getMessage().contains(path), e.getMessage());
    String good = SourceDigest.sha256(Path.of(path));
    try (YamnetModel m = YamnetModel.load(new ModelConfig(path, 32, 1, 1, good))) {
      assertEquals(1, m.classify(TestSignals.silence(0.5)).length);
    }
  }
}
