package dev.earmark.pipeline.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earmark.models.head.LogisticTrainer;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.pipeline.ModelDigest;
import dev.earmark.pipeline.ModelOptions;
import dev.earmark.pipeline.evaluate.EvaluationInputs;
import dev.earmark.pipeline.evaluate.TruthRow;
import dev.earmark.pipeline.heads.HeadFile;
import dev.earmark.pipeline.train.ExampleClip;
import dev.earmark.pipeline.train.ExampleSet;
import dev.earmark.pipeline.train.HeadTraining;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code train --examples=<dir> --output=<head.json>}: a classifier head on YAMNet's embeddings
 * from folders of example clips ({@link ExampleSet}), for {@code run --head}.
 */
public final class TrainCommand implements Command<TrainCommand.Options> {
  /** {@code train}'s options. */
  public interface Options extends ModelOptions {
    @Description("Folder of examples: one folder of clips per type (its name is the type's, e.g. door/), and "
        + "background/ for sounds that are none of them. In a type's folder, a subfolder holds the clips of one "
        + "source recording (they stay together on one side of the train/validation split). An optional "
        + "SOURCES.tsv (columns path, source, licence) names where each clip comes from; the head lists it.")
    String getExamples();

    void setExamples(String value);

    @Description("Also (or instead) learn from long recordings: a listing glob as for 'run', with --truth. Patches "
        + "inside a truth row are examples of its label; patches 2 s or more from every row are negatives (a night "
        + "without events makes hard negatives); about a fifth of the recordings are held out.")
    String getListing();

    void setListing(String value);

    @Description("With --listing: truth tables as for 'evaluate' (CSV start_s,end_s,label[,level], one per recording, "
        + "named after it).")
    String getTruth();

    void setTruth(String value);

    @Description("The head file to write (JSON; 'run --head=FILE' reads it).")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Seed of the split, the augmentations' noise and the choice of room tone: the same examples and "
        + "seed give the same head, byte for byte.")
    @Default.Long(1)
    long getSeed();

    void setSeed(long value);

    @Description("Where extracted embeddings are kept, by clip and model ('none' for nowhere). Default: "
        + "~/.cache/earmark/embeddings.")
    @Default.InstanceFactory(CacheFactory.class)
    String getEmbeddingCache();

    void setEmbeddingCache(String value);

    @Description("Full-batch training steps.")
    @Default.Integer(300)
    int getSteps();

    void setSteps(int value);

    @Description("L2 penalty per weight: higher is smoother, for few examples.")
    @Default.Double(1e-2)
    double getL2();

    void setL2(double value);

    /** ~/.cache/earmark/embeddings. */
    class CacheFactory implements DefaultValueFactory<String> {
      @Override
      public String create(PipelineOptions options) {
        return Path.of(System.getProperty("user.home"), ".cache", "earmark", "embeddings").toString();
      }
    }
  }

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "Trains a classifier head on YAMNet's embeddings from folders of example clips (one per type, plus "
        + "background), for 'run --head': how earmark learns a sound.";
  }

  @Override
  public String synopsis() {
    return "--examples=<dir> | --listing=<glob> --truth=<glob>  --output=<head.json> [--seed=1] "
        + "[--embeddingCache=<dir>|none] [--model=<path>]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public void configure(Options options, Set<String> given) throws UsageException {
    if (options.getExamples() == null && options.getListing() == null) {
      throw new UsageException("give --examples=DIR, or --listing=GLOB with --truth=GLOB, or both");
    }
    if ((options.getListing() == null) != (options.getTruth() == null)) {
      throw new UsageException("--listing and --truth go together");
    }
    if (options.getSteps() < 1) {
      throw new UsageException("--steps must be a positive integer, got " + options.getSteps());
    }
    if (!(options.getL2() >= 0)) {
      throw new UsageException("--l2 must be 0 or more, got " + options.getL2());
    }
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err) throws ModelNotFoundException, IOException {
    ExampleSet set = options.getExamples() == null ? null : ExampleSet.scan(Path.of(options.getExamples()));
    Map<String, List<TruthRow>> nights = options.getListing() == null ? Map.of()
        : EvaluationInputs.truthByRecording(options.getListing(), options.getTruth());
    ModelLocator.ResolvedModel located = ModelLocator.locate(options.getModel());
    ModelConfig config = new ModelConfig(located.path().toString(), options.getInferenceBatchSize(),
        Runtime.getRuntime().availableProcessors(), ModelConfig.CALLER_THREAD, options.getModelSha256());
    String modelSha256 = ModelDigest.sha256(config);
    if (set != null) {
      Map<String, Integer> counts = new TreeMap<>();
      set.clips().forEach(c -> counts.merge(c.label(), 1, Integer::sum));
      err.printf(Locale.ROOT, "train: %d clips in %s (%s); model %s%n", set.clips().size(), set.root(), counts, located);
    }
    if (!nights.isEmpty()) {
      err.printf(Locale.ROOT, "train: %d recordings with truth tables; model %s%n", nights.size(), located);
    }
    Path cache = "none".equals(options.getEmbeddingCache()) ? null : Path.of(options.getEmbeddingCache());
    HeadFile head;
    TrainingProgress progress = new TrainingProgress(err);
    try (YamnetModel model = YamnetModel.load(config)) {
      head = new HeadTraining(model, modelSha256, cache,
          new LogisticTrainer.Settings(options.getL2(), options.getSteps(), 0.01), options.getSeed())
          .train(set, nights, progress);
    }
    Path output = Path.of(options.getOutput());
    head.write(output);
    out.printf(Locale.ROOT, "train: wrote %s (sha256 %s)%n", output, head.sha256());
    for (int t = 0; t < head.head().types().size(); t++) {
      String type = head.head().types().get(t);
      JsonNode v = head.validation().path(type);
      out.printf(Locale.ROOT, "  %-12s on %.2f  held-out patches: precision %.3f, recall %.3f (%d of the type, %d others)%n",
          type, head.thresholds().get(t).on(), v.path("patch_precision").asDouble(), v.path("patch_recall").asDouble(),
          v.path("positive_patches").asInt(), v.path("negative_patches").asInt());
    }
    if (progress.skipped > 0) {
      err.printf(Locale.ROOT, "train: %d clips skipped (listed above)%n", progress.skipped);
    }
    return 0;
  }

  /** A progress line every 2 s while embeddings are extracted, with an ETA; one line per skipped clip. */
  private static final class TrainingProgress implements HeadTraining.Progress {
    private final PrintStream err;
    private final long start = System.nanoTime();
    private long lastPrinted = start;
    int skipped;

    TrainingProgress(PrintStream err) {
      this.err = err;
    }

    @Override
    public void clipDone(int done, int total, long patches) {
      long now = System.nanoTime();
      if (now - lastPrinted < 2_000_000_000L && done < total) {
        return;
      }
      lastPrinted = now;
      double elapsed = (now - start) / 1e9;
      double eta = elapsed / done * (total - done);
      err.printf(Locale.ROOT, "train: embeddings of %d/%d clips (%d%%), %d patches, ETA %.0f s%n", done, total,
          done * 100 / total, patches, eta);
    }

    @Override
    public void recordingDone(int done, int total, String uri) {
      err.printf(Locale.ROOT, "train: embeddings of recording %d/%d (%s)%n", done, total, uri);
    }

    @Override
    public void fitting(int patches) {
      err.printf(Locale.ROOT, "train: fitting the head on %d patches (held-out sources aside)%n", patches);
    }

    @Override
    public void skipped(ExampleClip clip, String why) {
      skipped++;
      err.println("train: skipped " + clip.file() + ": " + why);
    }
  }
}
