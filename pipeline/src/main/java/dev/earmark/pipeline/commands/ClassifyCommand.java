package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ClassMapLocator;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.pipeline.ModelOptions;
import dev.earmark.transforms.output.Locations;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.Resampler16k;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code classify <audio file>}: YAMNet scores for every patch of one Ogg Vorbis or WAV file,
 * decoded window by window like the pipeline does.
 */
public final class ClassifyCommand implements Command<ClassifyCommand.Options> {
  /** {@code classify}'s options. */
  public interface Options extends ModelOptions {
    @Description("Ogg Vorbis or WAV file to classify.")
    @Validation.Required
    String getAudio();

    void setAudio(String value);

    @Description("Classes printed per patch, best first.")
    @Default.Integer(3)
    int getTop();

    void setTop(int value);

    @Description("Also write time_s and the 521 scores per patch to this CSV (header: display names).")
    String getScoresCsv();

    void setScoresCsv(String value);

    @Description("TensorFlow intra-op threads (one caller here, so all cores help it).")
    @Default.InstanceFactory(AllCores.class)
    int getThreads();

    void setThreads(int value);

    /** Every core of this machine. */
    class AllCores implements DefaultValueFactory<Integer> {
      @Override
      public Integer create(PipelineOptions options) {
        return Runtime.getRuntime().availableProcessors();
      }
    }
  }

  @Override
  public String name() {
    return "classify";
  }

  @Override
  public String summary() {
    return "Classifies every 0.975 s patch (hop 0.48 s) of an Ogg Vorbis or WAV file with YAMNet and prints "
        + "one line per patch: its start time in seconds and the top classes with their scores.";
  }

  @Override
  public String synopsis() {
    return "<audio file> [--top=3] [--scoresCsv=<file>] [--model=<path>] [--inferenceBatchSize=32] [--threads=N]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public String positionalOption() {
    return "audio";
  }

  @Override
  public void configure(Options options, Set<String> given) throws UsageException {
    positive("top", options.getTop());
    positive("inferenceBatchSize", options.getInferenceBatchSize());
    positive("threads", options.getThreads());
  }

  private static void positive(String option, int value) throws UsageException {
    if (value < 1) {
      throw new UsageException("--" + option + " must be a positive integer, got " + value);
    }
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err)
      throws ModelNotFoundException, IOException {
    Path audio = Path.of(options.getAudio());
    if (!Files.isRegularFile(audio)) {
      err.println("earmark classify: " + audio + (Files.exists(audio) ? " is not a regular file" : ": no such file"));
      return CommandLine.FAILED;
    }
    ModelLocator.ResolvedModel model = ModelLocator.locate(options.getModel());
    int top = Math.min(options.getTop(), YamnetModel.NUM_CLASSES);

    String uri = audio.toString();
    AudioInfo info = AudioFiles.probe(uri);
    if (info.totalFrames() < 0) {
      throw new IOException(uri + ": cannot tell the recording's length");
    }
    long patches = PatchGrid.patchCount(Resampler16k.outputLength(info.sampleRate(), info.totalFrames()));
    List<String> names =
        ClassMapLocator.load(model.path()).classes().stream().map(ClassMap.YamnetClass::displayName).toList();
    err.printf(
        Locale.ROOT,
        "classify: %s: %d Hz, %d ch, %.2f s -> %d patches; model %s%n",
        uri,
        info.sampleRate(),
        info.channels(),
        info.durationSeconds(),
        patches,
        model);

    ModelConfig config = new ModelConfig(model.path().toString(), options.getInferenceBatchSize(),
        options.getThreads(), ModelConfig.CALLER_THREAD, options.getModelSha256());
    String csv = options.getScoresCsv();
    try (YamnetModel yamnet = YamnetModel.load(config)) {
      if (csv == null) {
        classifyWindows(yamnet, uri, patches, names, top, out, null);
      } else {
        String target = Locations.hasScheme(csv) ? csv : Path.of(csv).toAbsolutePath().toString();
        OutputFiles.writeAtomically(FileSystems.matchNewResource(target, false), "text/csv", channel -> {
          Writer csvOut = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
          writeHeader(csvOut, names);
          classifyWindows(yamnet, uri, patches, names, top, out, csvOut);
          csvOut.flush();
        });
        err.println("classify: wrote " + patches + " rows to " + csv);
      }
    }
    return 0;
  }

  /**
   * Decodes and classifies the file one window at a time ({@link PatchGrid#windows}), so memory
   * is bounded by a window, not the file; each window holds exactly the samples its patches need,
   * so every patch gets the scores a whole-file call would give.
   */
  private static void classifyWindows(YamnetModel yamnet, String uri, long patches, List<String> names,
      int top, PrintStream out, Writer csvOut) throws IOException {
    for (PatchGrid.PatchRange window : PatchGrid.windows(patches, PatchGrid.DEFAULT_WINDOW_PATCHES)) {
      float[] samples = AudioFiles.readMono16k(uri, window.startSample(), window.endSample());
      int count = Math.toIntExact(window.count());
      float[][] scores = yamnet.classify(samples, count);
      for (int i = 0; i < count; i++) {
        long patch = window.first() + i;
        out.println(PatchLines.topLine(patchSeconds(patch), scores[i], names, top));
        if (csvOut != null) {
          PatchLines.writeCsvRow(csvOut, patchSeconds(patch), scores[i]);
        }
      }
    }
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
      header.append(',').append(PatchLines.csvQuote(name));
    }
    out.write(header.append('\n').toString());
  }
}
