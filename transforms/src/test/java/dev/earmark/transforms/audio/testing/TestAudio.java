package dev.earmark.transforms.audio.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Makes real audio files for tests with the command-line tools sox, oggenc/oggdec and espeak-ng
 * (Debian packages {@code sox}, {@code vorbis-tools}, {@code espeak-ng}). Every method writes into
 * a directory the caller owns (a JUnit {@code @TempDir}) and returns the path. A missing tool or a
 * failing command throws {@link IllegalStateException} with the command and its output, so a test
 * fails loudly instead of skipping.
 *
 * <p>Typical use: {@code Path ogg = TestAudio.toOgg(TestAudio.tone(dir, "a", 44100, 2, 10, 1000,
 * 0.5), 4)}. WAVs are 16-bit signed PCM. Shared with other modules through the transforms test-jar.
 */
public final class TestAudio {
  private TestAudio() {}

  /** A sine of {@code freqHz} at {@code amplitude} (0..1) in every channel. */
  public static Path tone(
      Path dir, String name, int rate, int channels, double seconds, double freqHz,
      double amplitude) {
    return synth(dir, name, rate, channels, seconds, "sine " + num(freqHz), amplitude);
  }

  /** White noise at {@code amplitude} (each channel independent). */
  public static Path noise(
      Path dir, String name, int rate, int channels, double seconds, double amplitude) {
    return synth(dir, name, rate, channels, seconds, "whitenoise", amplitude);
  }

  /** Digital silence. */
  public static Path silence(Path dir, String name, int rate, int channels, double seconds) {
    Path out = dir.resolve(name + ".wav");
    sox(wavArgs("-n", out, rate, channels, "trim", "0", num(seconds)));
    return out;
  }

  /**
   * Noise plus a tone in each channel, different per channel ({@code 440 * (c + 1)} Hz), so
   * channel mix-ups show; good general test material for codecs.
   */
  public static Path noiseAndTones(Path dir, String name, int rate, int channels, double seconds) {
    Path out = dir.resolve(name + ".wav");
    List<String> a = new ArrayList<>(wavArgs("-n", out, rate, channels, "synth", num(seconds)));
    for (int c = 0; c < channels; c++) {
      a.add("sine");
      a.add(num(440.0 * (c + 1)));
    }
    a.addAll(List.of("synth", num(seconds), "whitenoise", "amod", "0.3", "0.3"));
    a.addAll(List.of("vol", "0.6"));
    sox(a);
    return out;
  }

  /** Any sox synth expression ({@code "sine 1000"}, {@code "pinknoise"}, ...) at an amplitude. */
  public static Path synth(
      Path dir, String name, int rate, int channels, double seconds, String expression,
      double amplitude) {
    Path out = dir.resolve(name + ".wav");
    List<String> a = new ArrayList<>(wavArgs("-n", out, rate, channels, "synth", num(seconds)));
    a.addAll(Arrays.asList(expression.trim().split("\\s+")));
    a.addAll(List.of("vol", num(amplitude)));
    sox(a);
    return out;
  }

  /**
   * Spoken {@code text} (espeak-ng) starting at {@code offsetSeconds} inside {@code totalSeconds}
   * of silence, resampled to {@code rate} Hz mono.
   */
  public static Path speech(
      Path dir, String name, String text, double offsetSeconds, double totalSeconds, int rate) {
    Path raw = dir.resolve(name + ".espeak.wav");
    run("espeak-ng", "-w", raw.toString(), text);
    Path out = dir.resolve(name + ".wav");
    sox(wavArgs(raw.toString(), out, rate, 1,
        "pad", num(offsetSeconds), "0", "trim", "0", num(totalSeconds)));
    return out;
  }

  /** Encodes a WAV to Ogg Vorbis at quality {@code quality} (-1..10), same rate and channels. */
  public static Path toOgg(Path wav, double quality) {
    String n = wav.getFileName().toString().replaceFirst("\\.wav$", "");
    Path out = wav.resolveSibling(n + ".ogg");
    run("oggenc", "-Q", "-q", num(quality), "-o", out.toString(), wav.toString());
    return out;
  }

  /** Converts to {@code rate} Hz and {@code channels} with sox, then encodes to Ogg Vorbis. */
  public static Path toOgg(Path wav, int rate, int channels, double quality) {
    String n = wav.getFileName().toString().replaceFirst("\\.wav$", "");
    Path converted = wav.resolveSibling(n + "-" + rate + "-" + channels + ".wav");
    sox(wavArgs(wav.toString(), converted, rate, channels));
    return toOgg(converted, quality);
  }

  /** Decodes with libvorbis ({@code oggdec -b 16}) to planar floats, {@code s / 32768}. */
  public static float[][] oggdec(Path ogg, int channels) {
    Path raw = ogg.resolveSibling(ogg.getFileName() + ".oggdec.raw");
    run("oggdec", "-Q", "-R", "-b", "16", "-e", "0", "-s", "1", "-o", raw.toString(),
        ogg.toString());
    try {
      return pcm16(Files.readAllBytes(raw), 0, channels);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a canonical 16-bit PCM WAV (44-byte header, as sox writes) to planar floats. */
  public static float[][] readWav16(Path wav, int channels) {
    try {
      byte[] b = Files.readAllBytes(wav);
      int dataAt = indexOf(b, "data") + 8;
      return pcm16(b, dataAt, channels);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs sox with the given arguments. */
  public static void sox(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("sox", "-V1"));
    cmd.addAll(args);
    run(cmd.toArray(String[]::new));
  }

  /** Runs a command, failing with its output if it cannot start or exits non-zero. */
  public static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes());
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IllegalStateException(
            "command failed (" + rc + "): " + String.join(" ", command) + "\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run " + command[0] + " (install sox, vorbis-tools, espeak-ng, flac)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> wavArgs(
      String input, Path out, int rate, int channels, String... effects) {
    List<String> a = new ArrayList<>(List.of(input));
    a.addAll(List.of("-r", Integer.toString(rate), "-c", Integer.toString(channels),
        "-b", "16", "-e", "signed-integer", out.toString()));
    a.addAll(Arrays.asList(effects));
    return a;
  }

  private static float[][] pcm16(byte[] b, int from, int channels) {
    ByteBuffer bb = ByteBuffer.wrap(b, from, b.length - from).order(ByteOrder.LITTLE_ENDIAN);
    int frames = (b.length - from) / (2 * channels);
    float[][] out = new float[channels][frames];
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        out[c][i] = bb.getShort() / 32768f;
      }
    }
    return out;
  }

  private static int indexOf(byte[] b, String s) {
    outer:
    for (int i = 12; i + 4 <= b.length; i++) {
      for (int j = 0; j < 4; j++) {
        if (b[i + j] != s.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no " + s + " chunk");
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }
}
