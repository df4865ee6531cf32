package dev.earmark.models.yamnet;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * {@code classify <audio.wav> [--top K] [--scores-csv FILE] [--model PATH]}: one line per patch
 * (start time, top-K classes). This models-only version reads 16 kHz PCM WAV; Ogg Vorbis and
 * resampling live in transforms and come with the pipeline's {@code classify} subcommand. The model
 * is {@code --model}, else env {@code EARMARK_YAMNET}.
 */
public final class YamnetClassify {
  private YamnetClassify() {}

  public static void main(String[] args) throws Exception {
    String audio = null;
    String model = System.getenv("EARMARK_YAMNET");
    String csv = null;
    int top = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--top" -> top = Integer.parseInt(args[++i]);
        case "--scores-csv" -> csv = args[++i];
        case "--model" -> model = args[++i];
        default -> audio = args[i];
      }
    }
    if (audio == null || model == null) {
      System.err.println("usage: classify <audio.wav> [--top K] [--scores-csv FILE] [--model PATH]\n"
          + "  --model defaults to env EARMARK_YAMNET (a YAMNet .tflite or SavedModel directory)");
      System.exit(2);
    }
    float[] samples = readWav16kMono(Path.of(audio));
    Path modelPath = Path.of(model);
    Path classMapPath = ClassMap.findNear(modelPath).orElseThrow(() -> new IOException(
        "no " + ClassMap.FILE_NAME + " in or beside model " + modelPath));
    ClassMap classes = ClassMap.read(classMapPath);
    float[][] scores;
    try (YamnetModel m = YamnetModel.load(ModelConfig.of(model))) {
      scores = m.classify(samples);
    }
    for (int p = 0; p < scores.length; p++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%8.2f", seconds(p)));
      for (int c : ClassMap.topK(scores[p], top)) {
        line.append(String.format(Locale.ROOT, "  %s %.3f", classes.displayName(c), scores[p][c]));
      }
      System.out.println(line);
    }
    if (csv != null) {
      writeCsv(Path.of(csv), classes, scores);
    }
  }

  private static double seconds(long patch) {
    return (double) PatchGrid.patchStart(patch) / PatchGrid.SAMPLE_RATE;
  }

  static void writeCsv(Path out, ClassMap classes, float[][] scores) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      w.write("time_s");
      for (int c = 0; c < classes.size(); c++) {
        String name = classes.displayName(c);
        w.write(',');
        w.write(name.contains(",") || name.contains("\"") ? '"' + name.replace("\"", "\"\"") + '"' : name);
      }
      w.newLine();
      for (int p = 0; p < scores.length; p++) {
        w.write(String.format(Locale.ROOT, "%.2f", seconds(p)));
        for (float s : scores[p]) {
          w.write(',');
          w.write(Float.toString(s));
        }
        w.newLine();
      }
    }
  }

  /** 16-bit PCM WAV at 16 kHz; stereo is averaged to mono. */
  static float[] readWav16kMono(Path wav) throws IOException {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new File(wav.toString()))) {
      AudioFormat f = in.getFormat();
      if (f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || f.getSampleSizeInBits() != 16
          || Math.round(f.getSampleRate()) != PatchGrid.SAMPLE_RATE) {
        throw new IOException(wav + ": need 16-bit PCM WAV at 16 kHz, got " + f
            + " (resample with: sox in.wav -r 16000 -b 16 out.wav)");
      }
      byte[] bytes = in.readAllBytes();
      int channels = f.getChannels();
      int frames = bytes.length / (2 * channels);
      float[] x = new float[frames];
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(
          f.isBigEndian() ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < frames; i++) {
        float sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += b.getShort() / 32768f;
        }
        x[i] = sum / channels;
      }
      return x;
    } catch (UnsupportedAudioFileException e) {
      throw new IOException(wav + ": not a WAV file this reader understands", e);
    }
  }
}
