package dev.earmark.transforms;

import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.SharedYamnet;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs YAMNet on each window: decodes exactly the window's 16 kHz span, classifies its patches
 * with the JVM-shared model, and keeps the scores of the target classes only. Also emits one
 * {@link MemoryMetrics} record per window. Files that fail to decode become dead letters.
 */
public class ClassifyWindows extends PTransform<PCollection<AudioWindow>, ClassifiedWindows> {
  static final String STAGE = "ClassifyWindows";

  private final ModelConfig model;
  private final List<TargetClass> classes;
  private final String runId;
  private final TupleTag<WindowScores> scoresTag = new TupleTag<WindowScores>() {};
  private final TupleTag<MemoryMetrics> metricsTag = new TupleTag<MemoryMetrics>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public ClassifyWindows(ModelConfig model, List<TargetClass> classes, String runId) {
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("no target classes");
    }
    this.model = model;
    this.classes = List.copyOf(classes);
    this.runId = runId;
  }

  @Override
  public ClassifiedWindows expand(PCollection<AudioWindow> windows) {
    int[] columns = classes.stream().mapToInt(TargetClass::index).toArray();
    PCollectionTuple out =
        windows.apply("ClassifyPatches",
            ParDo.of(new ClassifyWindowsFn(model, columns, runId, scoresTag, metricsTag, failuresTag))
                .withOutputTags(scoresTag, TupleTagList.of(metricsTag).and(failuresTag)));
    return new ClassifiedWindows(out.get(scoresTag), out.get(metricsTag), out.get(failuresTag));
  }

  /**
   * Holds the shared model from {@code @Setup} to {@code @Teardown}; never loads per element. A
   * remote model ({@code gs://...}) is first copied to local disk, once per JVM ({@link LocalModelCopy}).
   */
  private static class ClassifyWindowsFn extends DoFn<AudioWindow, WindowScores> {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyWindowsFn.class);
    private final Counter windowsClassified = Metrics.counter(ClassifyWindowsFn.class, "windowsClassified");
    private final Counter patchesClassified = Metrics.counter(ClassifyWindowsFn.class, "patchesClassified");
    // RunInference's names, so dashboards built for it read ours too: num_inferences counts
    // patches, and a batch is one TF run of at most --inferenceBatchSize patches.
    private final Counter numInferences = Metrics.counter(ClassifyWindowsFn.class, "num_inferences");
    private final Distribution batchLatency =
        Metrics.distribution(ClassifyWindowsFn.class, "inference_batch_latency_micro_secs");
    private final Distribution decodeMicros = Metrics.distribution(ClassifyWindowsFn.class, "decodeMicros");
    private final Distribution inferenceMicros = Metrics.distribution(ClassifyWindowsFn.class, "inferenceMicros");
    private final Distribution patchesPerCall = Metrics.distribution(ClassifyWindowsFn.class, "patchesPerCall");
    private final Distribution heapUsedBytes = Metrics.distribution(ClassifyWindowsFn.class, "heapUsedBytes");
    private final Distribution rssBytes = Metrics.distribution(ClassifyWindowsFn.class, "rssBytes");

    private final ModelConfig config;
    private final int[] columns;
    private final String runId;
    private final TupleTag<WindowScores> scoresTag;
    private final TupleTag<MemoryMetrics> metricsTag;
    private final TupleTag<DeadLetter> failuresTag;
    private transient @Nullable YamnetModel model;
    // The config actually acquired (a local copy for a remote source); release must use the same key.
    private transient @Nullable ModelConfig acquired;
    private transient String worker;

    ClassifyWindowsFn(ModelConfig config, int[] columns, String runId, TupleTag<WindowScores> scoresTag,
        TupleTag<MemoryMetrics> metricsTag, TupleTag<DeadLetter> failuresTag) {
      this.config = config;
      this.scoresTag = scoresTag;
      this.columns = columns.clone();
      this.runId = runId;
      this.metricsTag = metricsTag;
      this.failuresTag = failuresTag;
    }

    @Setup
    public void setup() {
      ModelConfig local = LocalModelCopy.localize(config);
      model = SharedYamnet.acquire(local);
      acquired = local;
      worker = MemorySnapshot.worker();
    }

    @ProcessElement
    public void process(@Element AudioWindow window, MultiOutputReceiver out) {
      MemorySnapshot before = MemorySnapshot.take();
      long t0 = System.nanoTime();
      float[] samples;
      try {
        samples = AudioFiles.readMono16k(window.recording().uri(), window.startSample(), window.endSample());
      } catch (IOException e) {
        DeadLetter d = DeadLetter.forFile(window.recording(), STAGE, e);
        Metrics.counter(ClassifyWindowsFn.class, "deadLetter." + d.error()).inc();
        LOG.warn("window {} of {}: dead letter ({}): {}", window.windowIndex(), window.recording().uri(),
            d.error(), d.message());
        out.get(failuresTag).output(d);
        return;
      }
      long t1 = System.nanoTime();
      float[][] all = model.classify(samples, window.patchCount(), (patches, nanos) -> batchLatency.update(nanos / 1000));
      long t2 = System.nanoTime();
      out.get(scoresTag).output(new WindowScores(window, selectColumns(all, columns)));
      MemorySnapshot after = MemorySnapshot.take();
      out.get(metricsTag).output(metrics(window, before, after, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000));

      windowsClassified.inc();
      patchesClassified.inc(window.patchCount());
      numInferences.inc(window.patchCount());
      decodeMicros.update((t1 - t0) / 1000);
      inferenceMicros.update((t2 - t1) / 1000);
      patchesPerCall.update(window.patchCount());
      heapUsedBytes.update(after.heapUsed());
      rssBytes.update(after.rss());
      LOG.debug("{} window {}: {} patches, decode {} ms, inference {} ms, RSS {} MB", window.recording().uri(),
          window.windowIndex(), window.patchCount(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, after.rss() >> 20);
      ProgressLog.windowDone(window.patchCount() * 1000L * PatchGrid.HOP_SAMPLES / PatchGrid.SAMPLE_RATE);
    }

    @Teardown
    public void teardown() {
      if (model != null) {
        model = null;
        SharedYamnet.release(acquired);
      }
    }

    private MemoryMetrics metrics(AudioWindow w, MemorySnapshot before, MemorySnapshot after,
        long decodeMillis, long inferenceMillis) {
      int chunkIndex = w.recording().startTime().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 1800;
      return new MemoryMetrics(runId, worker, Thread.currentThread().getName(),
          w.recording().userId(), w.recording().uri(), chunkIndex, w.windowIndex(), w.firstPatch(),
          w.patchCount(), w.startSample(), w.endSample(), before.heapUsed(), before.heapCommitted(),
          after.heapUsed(), after.heapCommitted(), after.directBytes(), after.tfNativeBytes(),
          after.rss(), after.peakRss(), decodeMillis, inferenceMillis, SharedYamnet.loadCount(),
          System.currentTimeMillis());
    }
  }

  /** Keeps only the target-class columns: a handful of floats per patch cross the shuffle. */
  static float[][] selectColumns(float[][] scores, int[] columns) {
    float[][] kept = new float[scores.length][columns.length];
    for (int p = 0; p < scores.length; p++) {
      for (int c = 0; c < columns.length; c++) {
        kept[p][c] = scores[p][columns[c]];
      }
    }
    return kept;
  }
}
