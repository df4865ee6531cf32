package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Our mel matrix and Hann window equal the manifest's derived values within 1e-6. */
class MelFrontEndTest {
  private static float[] manifestTensor(String name, int count) throws IOException {
    Path derived = RealModel.dir().resolve("derived");
    String json = Files.readString(derived.resolve("yamnet_weights_f32.json"));
    Matcher m = Pattern.compile("\"name\": \"" + Pattern.quote(name)
        + "\".*?\"offset\": (\\d+),\\s*\"length\": (\\d+)", Pattern.DOTALL).matcher(json);
    if (!m.find()) {
      throw new AssertionError("manifest lacks " + name);
    }
    long offset = Long.parseLong(m.group(1));
    int length = Integer.parseInt(m.group(2));
    assertEquals(count * 4, length);
    try (FileChannel ch = FileChannel.open(derived.resolve("yamnet_weights_f32.bin"))) {
      ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      ch.read(b, offset);
      b.flip();
      float[] out = new float[count];
      b.asFloatBuffer().get(out);
      return out;
    }
  }

  @Test
  void melMatrixMatchesManifest() throws IOException {
    float[] expected = manifestTensor("frontend/linear_to_mel_257x64", 257 * 64);
    float[] actual = MelFrontEnd.melMatrix();
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    System.out.println("mel matrix max |diff| vs manifest: " + worst);
    assertEquals(0, worst, 1e-6);
  }

  @Test
  void hannWindowMatchesManifest() throws IOException {
    float[] expected = manifestTensor("frontend/hann_window_periodic_400", 400);
    float[] actual = MelFrontEnd.hannWindow();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-6, "sample " + i);
    }
  }
}
