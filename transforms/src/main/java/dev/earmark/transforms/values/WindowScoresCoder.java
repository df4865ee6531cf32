package dev.earmark.transforms.values;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Deterministic coder for {@link WindowScores}: raw big-endian floats after the window. */
public final class WindowScoresCoder extends CustomCoder<WindowScores> {
  private static final WindowScoresCoder INSTANCE = new WindowScoresCoder();

  public static WindowScoresCoder of() {
    return INSTANCE;
  }

  /** Found by {@code @DefaultCoder} on {@link WindowScores}. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(WindowScores.class), INSTANCE);
  }

  @Override
  public void encode(WindowScores value, OutputStream out) throws IOException {
    AudioWindowCoder.of().encode(value.window(), out);
    int classes = value.classCount();
    VarIntCoder.of().encode(classes, out);
    // Not closed: closing would close the caller's stream.
    DataOutputStream data = new DataOutputStream(out);
    for (float[] row : value.scores()) {
      for (int c = 0; c < classes; c++) {
        data.writeFloat(row[c]);
      }
    }
    data.flush();
  }

  @Override
  public WindowScores decode(InputStream in) throws IOException {
    AudioWindow window = AudioWindowCoder.of().decode(in);
    int classes = VarIntCoder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    float[][] scores = new float[window.patchCount()][classes];
    for (float[] row : scores) {
      for (int c = 0; c < classes; c++) {
        row[c] = data.readFloat();
      }
    }
    return new WindowScores(window, scores);
  }

  @Override
  public void verifyDeterministic() {}
}
