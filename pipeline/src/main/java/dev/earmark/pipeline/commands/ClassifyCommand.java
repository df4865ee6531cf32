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
import java.util.stream.IntStream;
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

    @Description("Also write time_s and YAMNet's 1024-value embedding per patch (the layer its classes are read from) "
        + "to this CSV: the features for a detector of your own.")
    String getEmbeddingsCsv();

    void setEmbeddingsCsv(String value);

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
    return "<audio file> [--top=3] [--scoresCsv=<file>] [--embeddingsCsv=<file>] [--model=<path>] "
        + "[--inferenceBatchSize=32] [--threads=N]";
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
    try (YamnetModel yamnet = YamnetModel.load(config)) {
      withCsv(options.getScoresCsv(), header(names), scoresOut ->
          withCsv(options.getEmbeddingsCsv(), header(embeddingColumns()), embeddingsOut ->
              classifyWindows(yamnet, uri, patches, names, top, out, scoresOut, embeddingsOut)));
    }
    for (String csv : new String[] {options.getScoresCsv(), options.getEmbeddingsCsv()}) {
      if (csv != null) {
        err.println("classify: wrote " + patches + " rows to " + csv);
      }
    }
    return 0;
  }

  /** Writes rows to an open CSV, or to nothing when the option was not given. */
  private interface CsvBody {
    void write(Writer csv) throws IOException;
  }

  /** Runs {@code body} with a CSV at {@code target} (local or gs://), written atomically; null: no file. */
  private static void withCsv(String target, String header, CsvBody body) throws IOException {
    if (target == null) {
      body.write(null);
      return;
    }
    String resource = Locations.hasScheme(target) ? target : Path.of(target).toAbsolutePath().toString();
    OutputFiles.writeAtomically(FileSystems.matchNewResource(resource, false), "text/csv", channel -> {
      Writer csv = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
      csv.write(header);
      body.write(csv);
      csv.flush();
    });
  }

  /**
   * Decodes and classifies the file one window at a time ({@link PatchGrid#windows}), so memory
   * is bounded by a window, not the file; each window holds exactly the samples its patches need,
   * so every patch gets the scores (and embedding) a whole-file call would give.
   */
  private static void classifyWindows(YamnetModel yamnet, String uri, long patches, List<String> names,
      int top, PrintStream out, Writer scoresCsv, Writer embeddingsCsv) throws IOException {
    for (PatchGrid.PatchRange window : PatchGrid.windows(patches, PatchGrid.DEFAULT_WINDOW_PATCHES)) {
      float[] samples = AudioFiles.readMono16k(uri, window.startSample(), window.endSample());
      int count = Math.toIntExact(window.count());
      float[][] scores;
      float[][] embeddings = null;
      if (embeddingsCsv == null) {
        scores = yamnet.classify(samples, count);
      } else {
        YamnetModel.PatchOutputs outputs = yamnet.classifyWithEmbeddings(samples, count);
        scores = outputs.scores();
        embeddings = outputs.embeddings();
      }
      for (int i = 0; i < count; i++) {
        String seconds = patchSeconds(window.first() + i);
        out.println(PatchLines.topLine(seconds, scores[i], names, top));
        if (scoresCsv != null) {
          PatchLines.writeCsvRow(scoresCsv, seconds, scores[i]);
        }
        if (embeddingsCsv != null) {
          PatchLines.writeCsvRow(embeddingsCsv, seconds, embeddings[i]);
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

  /** {@code time_s} and the given column names, quoted where they need it. */
  private static String header(List<String> columns) {
    StringBuilder header = new StringBuilder("time_s");
    for (String column : columns) {
      header.append(',').append(PatchLines.csvQuote(column));
    }
    return header.append('\n').toString();
  }

  /** The embeddings CSV's column names: e0 .. e1023. */
  private static List<String> embeddingColumns() {
    return IntStream.range(0, YamnetModel.EMBEDDING_SIZE).mapToObj(i -> "e" + i).toList();
  }
}
