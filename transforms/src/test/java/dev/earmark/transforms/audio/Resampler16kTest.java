package dev.earmark.transforms.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Resampler16kTest {
  private static final int[] RATES = {8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000};

  private static float[][] tone(int rate, int frames, double freq, double amp) {
    float[] x = new float[frames];
    for (int i = 0; i < frames; i++) {
      x[i] = (float) (amp * Math.sin(2 * Math.PI * freq * i / rate));
    }
    return new float[][] {x};
  }

  private static float[] resampleAll(PcmSource s) throws IOException {
    Resampler16k r = new Resampler16k(s, 0);
    long len = Resampler16k.outputLength(s.info().sampleRate(), s.info().totalFrames());
    float[] out = new float[(int) len];
    int off = 0;
    int n;
    while ((n = r.read(out, off, out.length - off)) > 0) {
      off += n;
    }
    assertEquals(len, off, "output length ceil(total * 16000 / rate)");
    assertEquals(-1, r.read(new float[8], 0, 8), "end after the output length");
    return out;
  }

  /** Error energy of {@code y} against an ideal sine at 16 kHz, in dB relative to the sine. */
  private static double errorDb(float[] y, double freq, double amp, int skip) {
    double err = 0;
    double sig = 0;
    for (int n = skip; n < y.length - skip; n++) {
      double ideal = amp * Math.sin(2 * Math.PI * freq * n / 16000.0);
      err += (y[n] - ideal) * (y[n] - ideal);
      sig += ideal * ideal;
    }
    return 10 * Math.log10(err / sig);
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {44100, 48000})
  void oneKilohertzToneMatchesTheIdealToneWithin80Db(int rate) throws IOException {
    float[] y = resampleAll(new ArraySource(tone(rate, rate * 2, 1000, 0.5), rate));
    double db = errorDb(y, 1000, 0.5, 1000);
    assertTrue(db <= -80, "error " + db + " dB");
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {22050, 32000, 44100, 48000, 96000})
  void nineKilohertzToneIsSuppressedBy80Db(int rate) throws IOException {
    float[] y = resampleAll(new ArraySource(tone(rate, rate * 2, 9000, 0.5), rate));
    double db = errorDb(y, 0, 0.5, 1000); // ideal output is silence: error = all energy
    double energy = 0;
    for (int n = 1000; n < y.length - 1000; n++) {
      energy += y[n] * y[n];
    }
    double rel = 10 * Math.log10(energy / ((y.length - 2000) * 0.125));
    assertTrue(rel <= -80, "aliased energy " + rel + " dB (" + db + ")");
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {22050, 44100, 48000, 96000})
  void passbandIsFlatWithinATenthOfADecibelTo7500Hz(int rate) throws IOException {
    for (double f : new double[] {50, 1000, 4000, 7000, 7500}) {
      float[] y = resampleAll(new ArraySource(tone(rate, rate, f, 0.5), rate));
      double e = 0;
      for (int n = 1000; n < y.length - 1000; n++) {
        e += y[n] * y[n];
      }
      double gainDb = 10 * Math.log10(e / (y.length - 2000) / 0.125);
      assertTrue(Math.abs(gainDb) <= 0.1, f + " Hz gain " + gainDb + " dB");
    }
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8000, 11025, 16000, 22050, 32000, 44100, 48000, 96000})
  void rangeFromItsInputMarginEqualsSliceOfWholeFile(int rate) throws IOException {
    Random rnd = new Random(rate);
    int frames = rate * 2 + 1234;
    float[][] x = new float[2][frames];
    for (float[] ch : x) {
      for (int i = 0; i < frames; i++) {
        ch[i] = (float) (rnd.nextGaussian() * 0.2);
      }
    }
    float[] whole = resampleAll(new ArraySource(x, rate));
    int h = Resampler16k.marginFrames(rate);
    long outLen = whole.length;
    long[][] ranges = {{0, 500}, {1, 16000}, {7777, 7778}, {16001, 30000}, {outLen - 300, outLen}};
    for (long[] r : ranges) {
      // Only input [floor(o0 * r) - H, ceil(o1 * r) + H] may be read.
      long lo = Math.max(0, Math.floorDiv(r[0] * rate, 16000) - h);
      long hi = Math.min(frames, -Math.floorDiv(-r[1] * rate, 16000) + h + 1);
      float[] got = new float[(int) (r[1] - r[0])];
      Resampler16k rs = new Resampler16k(new ArraySource(x, rate, lo, hi), r[0]);
      int off = 0;
      while (off < got.length) {
        int n = rs.read(got, off, got.length - off);
        if (n < 0) {
          break;
        }
        off += n;
      }
      float[] want = Arrays.copyOfRange(whole, (int) r[0], (int) r[1]);
      assertArrayEquals(want, got, 1e-6f, rate + " Hz range " + Arrays.toString(r));
    }
  }

  @Test
  void sixteenKilohertzIsIdentityAfterDownmix() throws IOException {
    Random rnd = new Random(1);
    float[][] x = new float[3][20_000];
    for (float[] ch : x) {
      for (int i = 0; i < ch.length; i++) {
        ch[i] = rnd.nextFloat() - 0.5f;
      }
    }
    float[] y = resampleAll(new ArraySource(x, 16000));
    for (int i = 0; i < y.length; i++) {
      assertEquals((x[0][i] + x[1][i] + x[2][i]) * (1f / 3), y[i], 0f, "sample " + i);
    }
  }

  @Test
  void outputLengthIsCeilingOfTotalTimesRatio() {
    assertEquals(16000, Resampler16k.outputLength(44100, 44100));
    assertEquals(1, Resampler16k.outputLength(44100, 1));
    assertEquals(3, Resampler16k.outputLength(48000, 7)); // 7/3 -> 3
    assertEquals(2, Resampler16k.outputLength(48000, 6));
    assertEquals(14, Resampler16k.outputLength(8000, 7));
    for (int rate : RATES) {
      assertEquals(16000L * 3600, Resampler16k.outputLength(rate, rate * 3600L));
    }
  }
}
