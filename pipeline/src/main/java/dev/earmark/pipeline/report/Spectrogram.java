package dev.earmark.pipeline.report;

import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.AudioSources;
import dev.earmark.transforms.audio.PcmSource;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A clip's spectrogram thumbnail as a small PNG: {@value #COLUMNS}×{@value #ROWS} pixels, 0 to
 * {@value #MAX_HZ} Hz (or the clip's Nyquist frequency) bottom to top, log magnitude over the
 * clip's loudest {@value #RANGE_DB} dB in a 16-colour palette (4 bits a pixel, about 2 kB). One
 * Hann-windowed FFT of about 20 ms per column, read by seeking: a 30-s clip costs
 * {@value #COLUMNS} short reads, never the whole file in memory. WAV clips only: FLAC clips are
 * not decoded here (the page says so).
 */
final class Spectrogram {
  static final int COLUMNS = 160;
  static final int ROWS = 48;
  static final int MAX_HZ = 8000;
  static final double RANGE_DB = 60;

  /** Dark blue (quiet) through green to yellow (loud): a 16-step approximation of viridis. */
  private static final IndexColorModel PALETTE = palette();

  private Spectrogram() {}

  /** The PNG of the WAV clip at {@code uri}; IOException when it cannot be read as WAV. */
  static byte[] png(String uri) throws IOException {
    int[][] levels;
    try (PcmSource source = AudioSources.open(uri)) {
      levels = levels(source);
    }
    BufferedImage image = new BufferedImage(COLUMNS, ROWS, BufferedImage.TYPE_BYTE_BINARY, PALETTE);
    WritableRaster raster = image.getRaster();
    for (int c = 0; c < COLUMNS; c++) {
      for (int r = 0; r < ROWS; r++) {
        raster.setSample(c, ROWS - 1 - r, 0, levels[c][r]);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoder failed in memory", e);
    }
    return out.toByteArray();
  }

  /** Palette index (0..15) per column and row (row 0 = lowest frequency). */
  static int[][] levels(PcmSource source) throws IOException {
    AudioInfo info = source.info();
    if (info.totalFrames() <= 0) {
      throw new IOException("no frames");
    }
    int n = fftSize(info.sampleRate());
    double[] window = new double[n];
    for (int i = 0; i < n; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    double topHz = Math.min(MAX_HZ, info.sampleRate() / 2.0);
    double[][] db = new double[COLUMNS][ROWS];
    double loudest = -Double.MAX_VALUE;
    float[][] buf = new float[info.channels()][n];
    double[] re = new double[n];
    double[] im = new double[n];
    for (int c = 0; c < COLUMNS; c++) {
      long centre = (long) ((c + 0.5) / COLUMNS * info.totalFrames());
      source.seek(Math.max(0, Math.min(centre - n / 2, info.totalFrames() - n)));
      int got = 0;
      while (got < n) {
        int r = source.read(buf, got, n - got);
        if (r < 0) {
          break;
        }
        got += r;
      }
      for (int i = 0; i < n; i++) {
        double v = 0;
        if (i < got) {
          for (float[] ch : buf) {
            v += ch[i];
          }
          v /= buf.length;
        }
        re[i] = v * window[i];
        im[i] = 0;
      }
      fft(re, im);
      for (int r = 0; r < ROWS; r++) {
        int lo = (int) Math.floor(r * topHz / ROWS * n / info.sampleRate());
        int hi = Math.max(lo + 1, (int) Math.floor((r + 1) * topHz / ROWS * n / info.sampleRate()));
        double power = 0;
        for (int b = lo; b < hi && b <= n / 2; b++) {
          power = Math.max(power, re[b] * re[b] + im[b] * im[b]);
        }
        db[c][r] = 10 * Math.log10(power + 1e-12);
        loudest = Math.max(loudest, db[c][r]);
      }
    }
    int[][] levels = new int[COLUMNS][ROWS];
    for (int c = 0; c < COLUMNS; c++) {
      for (int r = 0; r < ROWS; r++) {
        double t = (db[c][r] - (loudest - RANGE_DB)) / RANGE_DB;
        levels[c][r] = (int) Math.max(0, Math.min(15, Math.floor(t * 16)));
      }
    }
    return levels;
  }

  /** The power of two nearest 20 ms: 256 points at 16 kHz, 1024 at 44.1 and 48 kHz. */
  static int fftSize(int rate) {
    int n = Integer.highestOneBit(Math.max(64, rate / 50));
    return rate / 50 - n > n * 2 - rate / 50 ? n * 2 : n;
  }

  /** In-place iterative radix-2 FFT; {@code re.length} is a power of two. */
  static void fft(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = -2 * Math.PI / len;
      double wr = Math.cos(angle);
      double wi = Math.sin(angle);
      for (int i = 0; i < n; i += len) {
        double cr = 1;
        double ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = i + k;
          int b = a + len / 2;
          double xr = re[b] * cr - im[b] * ci;
          double xi = re[b] * ci + im[b] * cr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
          double t = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = t;
        }
      }
    }
  }

  private static IndexColorModel palette() {
    int[][] stops = {{0x10, 0x0c, 0x2c}, {0x3b, 0x52, 0x8b}, {0x21, 0x90, 0x8c}, {0x5e, 0xc9, 0x62}, {0xfd, 0xe7, 0x25}};
    byte[] r = new byte[16];
    byte[] g = new byte[16];
    byte[] b = new byte[16];
    for (int i = 0; i < 16; i++) {
      double pos = i / 15.0 * (stops.length - 1);
      int k = Math.min(stops.length - 2, (int) pos);
      double f = pos - k;
      r[i] = (byte) Math.round(stops[k][0] + f * (stops[k + 1][0] - stops[k][0]));
      g[i] = (byte) Math.round(stops[k][1] + f * (stops[k + 1][1] - stops[k][1]));
      b[i] = (byte) Math.round(stops[k][2] + f * (stops[k + 1][2] - stops[k][2]));
    }
    return new IndexColorModel(4, 16, r, g, b);
  }
}
