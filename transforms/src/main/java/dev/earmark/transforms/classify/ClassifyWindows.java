package dev.earmark.transforms.classify;

import dev.earmark.transforms.ProgressLog;
import dev.earmark.transforms.failures.FailureRouter;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.head.LinearHead;
import dev.earmark.models.system.ProcessMemory;
import dev.earmark.models.yamnet.SharedYamnet;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.models.yamnet.YamnetModel.PatchOutputs;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.MemoryMetrics;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.IOException;
import java.util.List;
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
  private final @Nullable LinearHead head;
  private final String runId;
  private final TupleTag<WindowScores> scoresTag = new TupleTag<WindowScores>() {};
  private final TupleTag<MemoryMetrics> metricsTag = new TupleTag<MemoryMetrics>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public ClassifyWindows(ModelConfig model, List<TargetClass> classes, String runId) {
    this(model, classes, null, runId);
  }

  /**
   * Keeps the scores of {@code classes}, some of which may be outputs of {@code head} (null for
   * none): then the model's embeddings are fetched too, and the head applied to them in the same
   * step.
   */
  public ClassifyWindows(ModelConfig model, List<TargetClass> classes, @Nullable LinearHead head, String runId) {
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("no target classes");
    }
    this.model = model;
    this.classes = List.copyOf(classes);
    this.head = head;
    this.runId = runId;
    ScoreColumns.of(classes, head); // a head output without a head fails here, not on a worker
  }

  @Override
  public ClassifiedWindows expand(PCollection<AudioWindow> windows) {
    PCollectionTuple out =
        windows.apply("ClassifyPatches",
            ParDo.of(new ClassifyWindowsFn(model, ScoreColumns.of(classes, head), runId, scoresTag, metricsTag, failuresTag))
                .withOutputTags(scoresTag, TupleTagList.of(metricsTag).and(failuresTag)));
    return new ClassifiedWindows(out.get(scoresTag), out.get(metricsTag), out.get(failuresTag));
  }

  /**
   * Decode, classify, keep the target columns, record: each step is a named collaborator. Holds
   * the shared model from {@code @Setup} to {@code @Teardown}; never loads per element. A remote
   * model ({@code gs://...}) is first copied to local disk, once per JVM ({@link LocalModelCopy}).
   */
  private static class ClassifyWindowsFn extends DoFn<AudioWindow, WindowScores> {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyWindowsFn.class);
    private final FailureRouter failures = new FailureRouter(STAGE);
    private final ClassifyStepMetrics metrics = new ClassifyStepMetrics();
    private final ModelConfig config;
    private final ScoreColumns columns;
    private final String runId;
    private final TupleTag<WindowScores> scoresTag;
    private final TupleTag<MemoryMetrics> metricsTag;
    private final TupleTag<DeadLetter> failuresTag;
    private transient @Nullable YamnetModel model;
    // The config actually acquired (a local copy for a remote source); release must use the same key.
    private transient @Nullable ModelConfig acquired;
    private transient WindowMemoryRecorder memory;

    ClassifyWindowsFn(ModelConfig config, ScoreColumns columns, String runId, TupleTag<WindowScores> scoresTag,
        TupleTag<MemoryMetrics> metricsTag, TupleTag<DeadLetter> failuresTag) {
      this.config = config;
      this.columns = columns;
      this.runId = runId;
      this.scoresTag = scoresTag;
      this.metricsTag = metricsTag;
      this.failuresTag = failuresTag;
    }

    @Setup
    public void setup() {
      ModelConfig local = LocalModelCopy.localize(config);
      model = SharedYamnet.acquire(local);
      acquired = local;
      memory = new WindowMemoryRecorder(runId, ProcessMemory.worker());
    }

    @ProcessElement
    public void process(@Element AudioWindow window, MultiOutputReceiver out) throws IOException {
      MemorySnapshot before = MemorySnapshot.take();
      long t0 = System.nanoTime();
      float[] samples;
      try {
        samples = AudioFiles.readMono16k(window.recording().uri(), window.startSample(), window.endSample());
      } catch (IOException e) {
        failures.fileFailed(window.recording(), e, out.get(failuresTag));
        return;
      }
      long t1 = System.nanoTime();
      YamnetModel.BatchTiming timing = (patches, nanos) -> metrics.batchDone(nanos);
      float[][] kept;
      if (columns.needsEmbeddings()) {
        PatchOutputs outputs = model.classifyWithEmbeddings(samples, window.patchCount(), timing);
        kept = columns.select(outputs.scores(), outputs.embeddings());
      } else {
        kept = columns.select(model.classify(samples, window.patchCount(), timing), null);
      }
      long t2 = System.nanoTime();
      out.get(scoresTag).output(new WindowScores(window, kept));
      MemorySnapshot after = MemorySnapshot.take();
      out.get(metricsTag).output(memory.record(window, before, after, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000));
      metrics.windowDone(window, t1 - t0, t2 - t1, after);
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
  }
}
