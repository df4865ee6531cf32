package dev.earmark.pipeline;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.ClipFormat;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Everything {@code earmark run} accepts; {@code earmark run --help} prints these descriptions. */
public interface EarmarkOptions extends ModelOptions, RecordingFilterOptions {
  @Description("Glob of listing files: JSON Lines ({\"user_id\", \"uri\", \"start_time\", optional "
      + "\"duration_s\"}) or CSV with those header columns. URIs are absolute paths or have a scheme (gs://); "
      + "a row with a relative one is a dead letter.")
  @Validation.Required
  String getListing();

  void setListing(String value);

  @Description("Output root (local directory or gs://...), shared by daily runs and backfills. Gets "
      + "clips/<user_id>/<yyyy-MM-dd>/, events/<user_id>/<yyyy-MM-dd>.jsonl and .csv (rewritten for each night "
      + "this run has recordings of, other nights kept), metrics/<run_id>/ and errors/<run_id>/; nothing is "
      + "written outside it.")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("yamnet_class_map.csv. Default: found next to the model (same directory or up to two "
      + "levels above) or under system property earmark.yamnet.dir.")
  @Default.InstanceFactory(ClassMapPathFactory.class)
  String getClassMap();

  void setClassMap(String value);

  @Description("Event types to detect: a JSON file of types (snore, cough, ...), each a set of YAMNet "
      + "classes with on/off thresholds, a minimum of consecutive patches and optional 'unless' classes "
      + "that keep the type off where they score high. Default: the calibrated "
      + "types built into earmark (event-types.json in the jar; the README lists them).")
  String getEventTypes();

  void setEventTypes(String value);

  @Description("Classifier head on YAMNet's embeddings (a file made by 'earmark train'), whose outputs event "
      + "types may read (their \"head\" key) and whose other types become types of their own. Default: the head "
      + "built into earmark, when the model is the one it was trained on; 'none' for class rules alone.")
  String getHead();

  void setHead(String value);

  @Description("Instead of event types: single classes to detect, by display name or MID, separated by "
      + "';' (or ',' when no ';' is present); each is its own type. An entry may set its own "
      + "thresholds as NAME@ON:OFF, e.g. Snoring@0.3:0.15; --onThreshold/--offThreshold apply to the rest.")
  String getClasses();

  void setClasses(String value);

  @Description("With --classes: score at which an event starts (hysteresis on-threshold), unless set per class.")
  @Default.Float(0.4f)
  float getOnThreshold();

  void setOnThreshold(float value);

  @Description("With --classes: score below which an event ends (hysteresis off-threshold), unless set per class.")
  @Default.Float(0.2f)
  float getOffThreshold();

  void setOffThreshold(float value);

  @Description("Events shorter than this (ms) are dropped. One YAMNet hop is 480 ms.")
  @Default.Integer(480)
  int getMinEventMillis();

  void setMinEventMillis(int value);

  @Description("Events of one class separated by at most this gap (ms) are merged into one.")
  @Default.Integer(1000)
  int getMergeGapMillis();

  void setMergeGapMillis(int value);

  @Description("Audio kept before and after each event in its clip (ms).")
  @Default.Integer(1000)
  int getClipPaddingMillis();

  void setClipPaddingMillis(int value);

  @Description("Longest clip written (s); longer events are cut to this length from their start.")
  @Default.Integer(30)
  int getMaxClipSeconds();

  void setMaxClipSeconds(int value);

  @Description("Clip container: WAV (16-bit PCM) or FLAC, at the source's rate and channels.")
  @Default.Enum("WAV")
  ClipFormat getClipFormat();

  void setClipFormat(ClipFormat value);

  @Description("Audio per window element, in seconds (rounded to whole 0.48 s patches). Memory per "
      + "element scales with this, not with the file; results do not depend on it.")
  @Default.Double(60)
  double getWindowSeconds();

  void setWindowSeconds(double value);

  @Description("Most windows per job. A larger listing runs as several jobs of whole nights "
      + "(<user_id>/<yyyy-MM-dd>), one after another in this JVM with the model loaded once, so memory "
      + "stays bounded whatever the run's size; the launcher probes every recording's length first to "
      + "plan them. Default: " + SliceWindowsFactory.DIRECT + " on the DirectRunner, which holds a job's "
      + "in-flight elements in memory; other runners (Flink spills to disk) run one job. 0 = one job.")
  @Default.InstanceFactory(SliceWindowsFactory.class)
  Integer getSliceWindows();

  void setSliceWindows(Integer value);

  @Description("YAMNet patches per window element; default: --windowSeconds / 0.48 s (60 s = 125).")
  @Default.InstanceFactory(WindowPatchesFactory.class)
  Integer getWindowPatches();

  void setWindowPatches(Integer value);

  @Description("TensorFlow intra-op threads per call (1: parallelism comes from the runner's workers).")
  @Default.Integer(1)
  int getModelThreads();

  void setModelThreads(int value);

  @Description("Run id: written into every metrics record and names this run's metrics/<run_id>/ and "
      + "errors/<run_id>/ folders, so it must be a plain path component (letters, digits, '.', '_', '-'). "
      + "Use a new one per run. Default: the job name (unique per run).")
  String getRunId();

  void setRunId(String value);

  @Description("Reprocess every recording, even those whose manifest (manifests/<user_id>/<yyyy-MM-dd>/<HHmmss>.json) "
      + "says they were finished with the same settings. Without it a rerun skips them before decoding.")
  @Default.Boolean(false)
  boolean getForce();

  void setForce(boolean value);

  class ClassMapPathFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return ModelPaths.findClassMap(options.as(EarmarkOptions.class).getModel());
    }
  }

  class WindowPatchesFactory implements DefaultValueFactory<Integer> {
    @Override
    public Integer create(PipelineOptions options) {
      return PatchGrid.patchesPerWindow(options.as(EarmarkOptions.class).getWindowSeconds());
    }
  }

  /** Slices on the DirectRunner only: it keeps every element between two shuffles in memory. */
  class SliceWindowsFactory implements DefaultValueFactory<Integer> {
    /**
     * About 2 user-nights of 30-minute chunks at 60-s windows, or 3,000 short chunks: 19 KB of
     * scores per window waiting for their recording keep a slice's heap near 60 MB over the idle
     * 40 MB, well inside the launcher's 256 MB, while each slice's start and tail (a few seconds)
     * stay under 2% of its work.
     */
    static final int DIRECT = 3_000;

    @Override
    public Integer create(PipelineOptions options) {
      return org.apache.beam.runners.direct.DirectRunner.class.equals(options.getRunner()) ? DIRECT : 0;
    }
  }
}
