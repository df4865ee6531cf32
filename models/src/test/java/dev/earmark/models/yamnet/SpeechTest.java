package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real synthetic speech (espeak-ng, resampled to 16 kHz by sox) is "Speech" on average. */
class SpeechTest {
  static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new AssertionError(command + " failed: " + out);
    }
  }

  static float[] espeak16k(Path dir, String text) throws IOException, InterruptedException {
    Path wav = dir.resolve("speech.wav");
    Path raw = dir.resolve("speech.f32");
    run(List.of("espeak-ng", "-w", wav.toString(), text));
    run(List.of("sox", wav.toString(), "-r", "16000", "-c", "1", "-e", "floating-point", "-b", "32",
        "-t", "raw", raw.toString()));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    float[] x = new float[b.remaining() / 4];
    b.asFloatBuffer().get(x);
    return x;
  }

  @Test
  void espeakSpeechIsSpeechTop1(@TempDir Path tmp) throws Exception {
    float[] speech = espeak16k(tmp, "The quick brown fox jumps over the lazy dog. "
        + "Earmark listens to the night and writes down what it hears.");
    ClassMap classes = RealModel.classMap();
    try (YamnetModel model = YamnetModel.load(ModelConfig.of(RealModel.tflite().toString()))) {
      float[][] scores = model.classify(speech);
      int top = ClassMap.topK(ClassMap.meanScores(scores), 1)[0];
      System.out.printf("espeak-ng %.1f s, %d patches: top class %s%n",
          speech.length / 16000.0, scores.length, classes.displayName(top));
      assertEquals("Speech", classes.displayName(top));
    }
  }
}
