package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLoadException;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code classify <audio file>}: YAMNet scores for every patch of one Ogg Vorbis or WAV file. The
 * file is decoded in windows of {@link #WINDOW_PATCHES} patches (~60 s), so memory is bounded by
 * the window, not the file; windows overlap by {@link PatchGrid#OVERLAP_SAMPLES} so each patch
 * sees exactly the samples a whole-file call would.
 */
public final class ClassifyCommand {
  /** 125 patches = 60 s of hops: ~3.9 MB of samples per window. */
  static final int WINDOW_PATCHES = 125;

  static final String USAGE =
      """
      usage: earmark classify <audio file> [--top K] [--scores-csv FILE] [--model PATH]
                              [--batch-size N] [--threads N]

      Classifies every 0.975 s patch (hop 0.48 s) of an Ogg Vorbis or WAV file with YAMNet and
      prints one line per patch: its start time in seconds and the top K classes with scores.

        --top K            classes per line (default 3)
        --scores-csv FILE  also write time_s + the 521 scores per patch, header = display names
        --model PATH       YAMNet .tflite file or SavedModel directory; default: env
                           EARMARK_YAMNET, -Dearmark.yamnet, then ~/.cache/earmark/yamnet
        --batch-size N     patches per TensorFlow call (default 32; RSS ~0.9 MB per patch)
        --threads N        TensorFlow intra-op threads (default: all cores)
        --help             this text
      """;

  private ClassifyCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** Same as {@link #run(String[])}, printing to the given streams (for tests and embedding). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandArgs parsed;
    try {
      parsed =
          CommandArgs.parse(
              args, Set.of("top", "scores-csv", "model", "batch-size", "threads"), Set.of());
      if (parsed.help()) {
        out.print(USAGE);
        return 0;
      }
      if (parsed.positional().size() != 1) {
        throw new UsageException(
            parsed.positional().isEmpty()
                ? "missing <audio file>"
                : "expected one audio file, got " + parsed.positional());
      }
    } catch (UsageException e) {
      err.println("classify: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    try {
      return classify(parsed, out, err);
    } catch (UsageException e) {
      err.println("classify: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (ModelNotFoundException e) {
      err.println("classify: " + e.getMessage());
      return 1;
    } catch (IOException | ModelLoadException e) {
      err.println("classify: " + e.getMessage());
      return 1;
    }
  }

  private static int classify(CommandArgs args, PrintStream out, PrintStream err)
      throws UsageException, ModelNotFoundException, IOException {
    int top = args.positiveInt("top", 3);
    int batchSize = args.positiveInt("batch-size", ModelConfig.DEFAULT_BATCH_SIZE);
    int threads = args.positiveInt("threads", Runtime.getRuntime().availableProcessors());
    Path audio = Path.of(args.positional().get(0));
    if (!Files.isRegularFile(audio)) {
      err.println(
          "classify: "
              + audio
              + (Files.exists(audio) ? " is not a regular file" : ": no such file"));
      return 1;
    }
    String csvArg = args.value("scores-csv");
    ModelLocator.ResolvedModel model = ModelLocator.locate(args.value("model"));
    top = Math.min(top, YamnetModel.NUM_CLASSES);

    String uri = audio.toString();
    AudioInfo info = AudioFiles.probe(uri);
    if (info.totalFrames() < 0) {
      throw new IOException(uri + ": cannot tell the recording's length");
    }
    long samples16k = samplesAt16k(info);
    long patches = PatchGrid.patchCount(samples16k);
    List<String> names =
        ClassMapFinder.forModel(model.path()).classes().stream().map(ClassMap.YamnetClass::displayName).toList();
    err.printf(
        Locale.ROOT,
        "classify: %s: %d Hz, %d ch, %.2f s -> %d patches; model %s%n",
        uri,
        info.sampleRate(),
        info.channels(),
        info.durationSeconds(),
        patches,
        model);

    ModelConfig config =
        new ModelConfig(model.path().toString(), batchSize, threads, ModelConfig.CALLER_THREAD, null);
    Path csv = csvArg == null ? null : Path.of(csvArg);
    Path csvTmp = csv == null ? null : tempBeside(csv);
    try (YamnetModel yamnet = YamnetModel.load(config);
        Writer csvOut =
            csvTmp == null ? null : Files.newBufferedWriter(csvTmp, StandardCharsets.UTF_8)) {
      if (csvOut != null) {
        writeHeader(csvOut, names);
      }
      for (long first = 0; first < patches; first += WINDOW_PATCHES) {
        int count = (int) Math.min(WINDOW_PATCHES, patches - first);
        float[] window =
            AudioFiles.readMono16k(
                uri, PatchGrid.patchStart(first), PatchGrid.spanEnd(first, count));
        float[][] scores = yamnet.classify(window, count);
        for (int i = 0; i < count; i++) {
          long patch = first + i;
          out.println(PatchLines.topLine(patchSeconds(patch), scores[i], names, top));
          if (csvOut != null) {
            PatchLines.writeCsvRow(csvOut, patchSeconds(patch), scores[i]);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (csvTmp != null) {
        Files.deleteIfExists(csvTmp);
      }
      throw e;
    }
    if (csvTmp != null) {
      Files.move(csvTmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      err.println("classify: wrote " + patches + " rows to " + csv);
    }
    return 0;
  }

  /** Length on the 16 kHz timeline, rounded up so the last source frame is covered. */
  static long samplesAt16k(AudioInfo info) {
    return (info.totalFrames() * PatchGrid.SAMPLE_RATE + info.sampleRate() - 1)
        / info.sampleRate();
  }

  /** Exact: patch k starts at k * 7680 / 16000 = k * 0.48 s. */
  static String patchSeconds(long patch) {
    return java.math.BigDecimal.valueOf(PatchGrid.patchStart(patch))
        .divide(java.math.BigDecimal.valueOf(PatchGrid.SAMPLE_RATE))
        .setScale(2, java.math.RoundingMode.UNNECESSARY)
        .toPlainString();
  }

  private static void writeHeader(Writer out, List<String> names) throws IOException {
    StringBuilder header = new StringBuilder("time_s");
    for (String name : names) {
      header.append(',').append(ClassMapFinder.csvQuote(name));
    }
    out.write(header.append('\n').toString());
  }

  private static Path tempBeside(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
  }
}
