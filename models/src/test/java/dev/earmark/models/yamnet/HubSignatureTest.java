package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * TF Hub's google/yamnet/1 serving_default names its outputs output_0 (scores), output_1
 * (embeddings), output_2 (log-mel). A SavedModel with that naming goes through the same runtime
 * path as ours; a SavedModel without scores is refused with a message naming the directory.
 */
class HubSignatureTest {
  private static void exportWithKeys(Path dir, YamnetWeights w, String scores, String emb) throws Exception {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Signature ours = YamnetGraph.waveformSignature(tf, w);
      Signature.Builder hub = Signature.builder().key(Signature.DEFAULT_KEY)
          .input("waveform", g.operation(YamnetGraph.INPUT).output(0))
          .output(emb, g.operation(YamnetGraph.EMBEDDINGS).output(0));
      if (scores != null) {
        hub.output(scores, g.operation(YamnetGraph.SCORES).output(0));
      }
      assertEquals(3, ours.outputNames().size());
      try (Session s = new Session(g)) {
        SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(hub.build()).export();
      }
    }
  }

  @Test
  void hubStyleOutputNamesLoadThroughTheSamePath(@TempDir Path tmp) throws Exception {
    YamnetWeights w = TfliteImporter.importWeights(RealModel.tflite());
    Path hubDir = tmp.resolve("hub");
    exportWithKeys(hubDir, w, "output_0", "output_1");
    float[] clip = TestSignals.sine(3, 440);
    float[][] viaHub;
    float[][] viaTflite;
    try (YamnetModel m = YamnetModel.load(ModelConfig.of(hubDir.toString()))) {
      viaHub = m.classify(clip);
      YamnetModel.PatchOutputs out = m.classifyWithEmbeddings(clip, viaHub.length);
      assertEquals(1024, out.embeddings()[0].length);
      assertThrows(UnsupportedOperationException.class, () -> m.logMel(clip));
    }
    try (YamnetModel m = YamnetModel.load(ModelConfig.of(RealModel.tflite().toString()))) {
      viaTflite = m.classify(clip);
    }
    for (int p = 0; p < viaHub.length; p++) {
      for (int c = 0; c < 521; c++) {
        assertEquals(viaTflite[p][c], viaHub[p][c], 1e-6);
      }
    }

    Path noScores = tmp.resolve("no-scores");
    exportWithKeys(noScores, w, null, "output_1");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> YamnetModel.load(ModelConfig.of(noScores.toString())));
    assertTrue(e.getMessage().contains(noScores.toString()) && e.getMessage().contains("scores"),
        e.getMessage());
  }

  @Test
  void missingSourceSaysWhatToGive() {
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> YamnetModel.load(ModelConfig.of("/nonexistent/yamnet.tflite")));
    assertTrue(e.getMessage().contains("/nonexistent/yamnet.tflite"), e.getMessage());
  }
}
