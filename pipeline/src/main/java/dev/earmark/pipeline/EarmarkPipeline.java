package dev.earmark.pipeline;

import dev.earmark.models.head.LinearHead;
import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import dev.earmark.models.yamnet.SharedYamnet;
import dev.earmark.pipeline.commands.VersionCommand;
import dev.earmark.pipeline.heads.HeadFile;
import dev.earmark.pipeline.heads.HeadUse;
import dev.earmark.pipeline.heads.RunHead;
import dev.earmark.pipeline.report.MemoryReport;
import dev.earmark.pipeline.report.NightReports;
import dev.earmark.pipeline.slices.RunPlan;
import dev.earmark.pipeline.slices.RunPlanner;
import dev.earmark.pipeline.slices.Slice;
import dev.earmark.transforms.ProgressLog;
import dev.earmark.transforms.classify.ClassifiedWindows;
import dev.earmark.transforms.classify.ClassifyWindows;
import dev.earmark.transforms.failures.DeduplicateDeadLetters;
import dev.earmark.transforms.events.DetectEvents;
import dev.earmark.transforms.output.Locations;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.listing.ReadListings;
import dev.earmark.transforms.windows.SplitIntoWindows;
import dev.earmark.transforms.output.WriteClips;
import dev.earmark.transforms.output.WriteJsonLines;
import dev.earmark.transforms.finish.FinishRecordings;
import dev.earmark.transforms.finish.OutputSettings;
import dev.earmark.transforms.finish.RecordingManifest;
import dev.earmark.transforms.finish.RecordingResults;
import dev.earmark.transforms.finish.RecordingsToRun;
import dev.earmark.transforms.finish.SkipFinishedRecordings;
import dev.earmark.transforms.finish.WriteEventTable;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.TargetClass;
import dev.earmark.transforms.values.WindowScores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Builds the earmark job: listings → windows → YAMNet → events → clips and per-night event tables,
 * with memory metrics and dead letters under this run's {@code metrics/<run_id>/} and
 * {@code errors/<run_id>/}. Options are read here only and handed to the transforms as plain
 * values.
 */
public final class EarmarkPipeline {
  /** Probe threads while planning slices: header reads wait on disk or network more than on a core. */
  private static final int PLAN_PROBE_THREADS = 4;
  /** After a failure, how long run.json may take to record it: the output may be what failed. */
  static final Duration FAILED_RUN_JSON_WAIT = Duration.ofSeconds(10);
  /** After a failure, how long the writes still under way in this JVM get to end on their own. */
  static final Duration FAILED_WRITES_GRACE = Duration.ofSeconds(2);

  /**
   * After a failure, how long the job's workers in this JVM get to finish tearing down (the last
   * one closes the model and logs it) before the run prints its failure line, which must be last.
   */
  static final Duration FAILED_TEARDOWN_WAIT = Duration.ofSeconds(5);

  private EarmarkPipeline() {}

  /**
   * Runs the job, waits for it, prints the report and returns how it went. The run's own folders
   * (metrics, errors, reports, runs/<run_id>) are emptied first, so a reused run id keeps nothing
   * of an earlier run, and {@code runs/<run_id>/run.json} records the run at its start and end,
   * with the exit status of its {@link RunOutcome}. A listing larger than {@code --sliceWindows}
   * runs as one job per slice of whole nights, in order, with the model held loaded between them;
   * the first failed job ends the run (every recording finished before it keeps its outputs, and a
   * rerun resumes after them). A failed run removes the temporary files of the writes it had under
   * way ({@link OutputFiles#stopWrites}) and records its exit status in run.json if the output
   * takes it within {@link #FAILED_RUN_JSON_WAIT}.
   */
  public static RunOutcome run(EarmarkOptions options) {
    // Resolving the model first gives the "how to get one" error before anything else.
    JobParts parts = JobParts.of(options);
    runId(options);
    Preflight.check(options);
    OutputFiles.allowWrites(options.getOutput());
    RunJson runJson = RunJson.start(options, parts.settings());
    long start = System.nanoTime();
    JobTotals totals = JobTotals.none();
    try (ConsoleProgress progress = Preflight.runsInThisJvm(options) ? ConsoleProgress.start() : null;
        ModelHold model = ModelHold.start(parts.model(), options.getSliceWindows() > 0)) {
      RunPlan plan = plan(options, progress);
      for (Slice slice : plan.slices()) {
        if (progress != null && slice.sliced()) {
          progress.slice("slice " + slice.index() + "/" + slice.count());
        }
        Pipeline pipeline = Pipeline.create(options);
        build(pipeline, options, parts, slice);
        PipelineResult result = pipeline.run();
        result.waitUntilFinish();
        totals = totals.plus(JobTotals.of(result));
        if (result.getState() != PipelineResult.State.DONE) {
          break;
        }
      }
    } catch (RuntimeException e) {
      RunOutcome failed = RunOutcome.failed(e);
      endFailed(options, runJson, null, Map.of(), failed);
      return failed;
    }
    RunReport.print(System.out, totals, options, (System.nanoTime() - start) / 1e9);
    RunOutcome outcome = RunOutcome.of(totals.state(), totals.counters());
    if (outcome.exitCode() == RunOutcome.FAILED) {
      endFailed(options, runJson, totals.counters(), totals.workerPeaks(), outcome);
      return outcome;
    }
    runJson.finish(totals.counters(), totals.workerPeaks(), outcome.exitCode());
    writeMemoryReport(options);
    return outcome;
  }

  /**
   * The end of a failed run: run.json records the exit status if the output takes it within
   * {@link #FAILED_RUN_JSON_WAIT} (a full disk or a store that is down may refuse it too, and
   * must not replace the run's own failure, nor wait for gs:// retries), then the writes the job
   * left under way are stopped and their temporary files removed.
   */
  private static void endFailed(EarmarkOptions options, RunJson runJson, Map<String, Long> counters,
      Map<String, Long> workerPeaks, RunOutcome failed) {
    Thread record = new Thread(() -> {
      try {
        runJson.finish(counters, workerPeaks, failed.exitCode());
      } catch (RuntimeException e) {
        // The run's failure is what is reported; run.json then says the run ended without saying how.
      }
    }, "earmark-failed-run-json");
    record.setDaemon(true);
    record.start();
    try {
      record.join(FAILED_RUN_JSON_WAIT.toMillis());
      if (record.isAlive()) {
        // Ends gs:// retries at once; a local write interrupted removes its temporary file.
        record.interrupt();
        record.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    OutputFiles.stopWrites(options.getOutput(), FAILED_WRITES_GRACE);
    try {
      SharedYamnet.awaitAllReleased(FAILED_TEARDOWN_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The run's slices: one job unless {@code --sliceWindows} is set (the DirectRunner's default),
   * in which case the launcher reads the listing and probes its recordings first.
   */
  private static RunPlan plan(EarmarkOptions options, ConsoleProgress console) {
    if (options.getSliceWindows() <= 0) {
      return RunPlan.unsliced();
    }
    RunPlanner.Progress progress = new RunPlanner.Progress();
    if (console != null) {
      console.planning(progress);
    }
    RunPlan plan = new RunPlanner(options.getListing(), RecordingFilterOptions.filter(options),
        options.getWindowPatches(), PLAN_PROBE_THREADS).plan(options.getSliceWindows(), progress);
    if (console != null) {
      console.planning(null);
    }
    if (plan.sliced()) {
      ProgressLog.plan(plan.windows(), plan.audioMillis());
      System.out.printf("earmark run %s: %d recordings, %d windows (%.2f h audio) in %d slices of at most %d windows%n",
          options.getRunId(), plan.recordings(), plan.windows(), plan.audioMillis() / 3_600_000.0,
          plan.slices().size(), options.getSliceWindows());
    }
    return plan;
  }

  /**
   * The run's memory report, then its night pages and the nights index; a failure here is
   * reported, never fails a finished run.
   */
  private static void writeMemoryReport(EarmarkOptions options) {
    try {
      System.out.println("  report   " + MemoryReport.write(options.getOutput(), options.getRunId()));
    } catch (RuntimeException e) {
      System.err.println("earmark run: no memory report: " + e.getMessage());
    }
    try {
      NightReports.Written nights = NightReports.write(options.getOutput(), options.getRunId(), false);
      System.out.println("  nights   " + nights.index() + " (" + nights.nights() + " nights, " + nights.pages()
          + " pages, " + String.format(java.util.Locale.ROOT, "%.1f s", nights.seconds()) + ")");
    } catch (RuntimeException e) {
      System.err.println("earmark run: no night pages: " + e.getMessage());
    }
  }

  /**
   * Adds the whole job to {@code pipeline} and returns the settings its outputs depend on; tests
   * call this on a TestPipeline. Recordings finished before with the same settings are skipped
   * before they are decoded ({@code --force} redoes them).
   */
  public static OutputSettings build(Pipeline pipeline, EarmarkOptions options) {
    JobParts parts = JobParts.of(options);
    build(pipeline, options, parts, Slice.whole());
    return parts.settings();
  }

  /** The job for one slice of the listing ({@link Slice#whole} for all of it). */
  static void build(Pipeline pipeline, EarmarkOptions options, JobParts parts, Slice slice) {
    String output = options.getOutput();
    String runId = runId(options);
    List<EventType> types = parts.types();
    List<TargetClass> classes = EventType.scoreColumns(types);
    OutputSettings settings = parts.settings();
    List<PCollection<DeadLetter>> failures = new ArrayList<>();

    PCollection<Recording> listed = pipeline.apply("ReadListings",
        new ReadListings(options.getListing(), RecordingFilterOptions.filter(options), slice.listingSlice()))
        .failuresTo(failures);
    RecordingsToRun plan = listed.apply("SkipFinishedRecordings",
        new SkipFinishedRecordings(output, settings.fingerprint(), options.getForce()));
    PCollection<Recording> recordings = plan.toProcess();
    PCollection<AudioWindow> windows =
        recordings.apply("SplitIntoWindows", new SplitIntoWindows(options.getWindowPatches())).failuresTo(failures);
    ClassifiedWindows classified =
        windows.apply("ClassifyWindows", new ClassifyWindows(parts.model(), classes, parts.linearHead(), runId));
    PCollection<WindowScores> scores = classified.failuresTo(failures);
    classified.metrics().apply("WriteMemoryMetrics", WriteJsonLines.memoryMetrics(output, runId).inPart(slice.part()));
    PCollection<Event> events = scores.apply("DetectEvents", new DetectEvents(types,
        Duration.ofMillis(options.getMinEventMillis()), Duration.ofMillis(options.getMergeGapMillis())));
    PCollection<ClipRef> clips = events.apply("WriteClips", new WriteClips(new WriteClips.Settings(output,
        options.getClipFormat(), Duration.ofMillis(options.getClipPaddingMillis()),
        Duration.ofSeconds(options.getMaxClipSeconds())))).failuresTo(failures);
    PCollection<DeadLetter> deadLetters = PCollectionList.of(failures)
        .apply("FlattenDeadLetters", Flatten.pCollections())
        .apply("OnePerInput", new DeduplicateDeadLetters());
    deadLetters.apply("WriteDeadLetters", WriteJsonLines.deadLetters(output, runId).inPart(slice.part()));
    PCollection<RecordingManifest> finishedNow = RecordingResults.of(recordings, clips, deadLetters)
        .apply("FinishRecordings", new FinishRecordings(output, settings));
    PCollectionList.of(finishedNow).and(plan.finished())
        .apply("AllFinished", Flatten.pCollections())
        .apply("WriteEventTable", new WriteEventTable(output));
  }

  /** What every job of a run shares, resolved once: the model, the event types and the output settings. */
  /** What a job is made of; {@code head} is null when no type reads a head output. */
  record JobParts(ModelConfig model, List<EventType> types, HeadFile head, OutputSettings settings) {
    static JobParts of(EarmarkOptions options) {
      // The model first: without one, nothing about its class map is worth saying.
      ModelConfig model = modelConfig(options);
      String modelSha256 = ModelDigest.sha256(model);
      RunHead runHead = RunHead.of(options.getHead(), modelSha256);
      HeadFile head = runHead.head();
      List<EventType> types = eventTypes(options, head);
      if (head != null) {
        types = HeadUse.withTaughtTypes(types, head, runHead.taught());
        head = HeadUse.readsHead(types) ? head : null;
      }
      return new JobParts(model, types, head, outputSettings(options, modelSha256, types, head));
    }

    LinearHead linearHead() {
      return head == null ? null : head.head();
    }
  }

  /** What the outputs depend on: its fingerprint decides which finished recordings a rerun skips. */
  static OutputSettings outputSettings(EarmarkOptions options, String modelSha256, List<EventType> types,
      HeadFile head) {
    return new OutputSettings(VersionCommand.version(), modelSha256, types,
        Duration.ofMillis(options.getMinEventMillis()), Duration.ofMillis(options.getMergeGapMillis()),
        Duration.ofMillis(options.getClipPaddingMillis()), Duration.ofSeconds(options.getMaxClipSeconds()),
        options.getClipFormat(), head == null ? "" : head.sha256());
  }

  /**
   * The run's id: --runId, else the job name (new for every run), fixed in the options once read.
   * It names this run's metrics and errors folders, so it must be one safe path component.
   */
  static String runId(EarmarkOptions options) {
    if (options.getRunId() == null) {
      options.setRunId(options.getJobName());
    }
    String runId = options.getRunId();
    if (!Recording.isSafeId(runId)) {
      throw new IllegalArgumentException("--runId=" + runId + " is not a safe path component: use letters, digits,"
          + " '.', '_', '-' (not starting with '.' or '-', at most 128 chars); the default is the job name");
    }
    if (runId.equals(NightReports.FOLDER)) {
      // A run empties reports/<run_id>/ first, which would be every user's night pages.
      throw new IllegalArgumentException("--runId=" + runId + " is reserved: reports/" + runId + "/ holds the night pages");
    }
    return runId;
  }

  /**
   * Remote models (gs://...) are passed through; each worker copies one to local disk once per JVM
   * (ClassifyWindows, LocalModelCopy). Local ones must exist here.
   */
  static ModelConfig modelConfig(EarmarkOptions options) {
    return new ModelConfig(modelSource(options.getModel()), options.getInferenceBatchSize(),
        options.getModelThreads(), ModelConfig.CALLER_THREAD, options.getModelSha256());
  }

  /**
   * A remote model ({@code gs://...}) is taken as given; a local one goes through {@link
   * ModelLocator}, whose error names every place it looked and how to get a model.
   */
  private static String modelSource(String model) {
    if (Locations.hasScheme(model)) {
      return model;
    }
    try {
      return ModelLocator.locate(model).path().toString();
    } catch (ModelNotFoundException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** {@code --classes} (one type per class) when given, else {@code --eventTypes} or the built-in types. */
  static List<EventType> eventTypes(EarmarkOptions options) {
    return eventTypes(options, null);
  }

  /** The run's event types, reading {@code head} (null for none) where the types file says so. */
  static List<EventType> eventTypes(EarmarkOptions options, HeadFile head) {
    if (options.getClasses() != null && options.getEventTypes() != null) {
      throw new IllegalArgumentException("give --classes or --eventTypes, not both");
    }
    ClassMap classMap = classMap(options);
    if (options.getClasses() != null) {
      return ClassSelection.resolve(options.getClasses(), classMap, options.getOnThreshold(), options.getOffThreshold())
          .stream().map(EventType::single).toList();
    }
    return options.getEventTypes() == null
        ? EventTypesFile.defaults(classMap, head)
        : EventTypesFile.read(Path.of(options.getEventTypes()), classMap, head);
  }

  private static ClassMap classMap(EarmarkOptions options) {
    String classMap = options.getClassMap();
    String model = options.getModel();
    if (classMap == null && Locations.hasScheme(model)) {
      throw new IllegalArgumentException("--model=" + model + " is remote, and the class map is read "
          + "here, when the pipeline is built: pass --classMap=<local " + ClassMap.FILE_NAME
          + "> (export-model writes it into the model directory; copy it from there)");
    }
    if (classMap == null || !Files.isRegularFile(Path.of(classMap))) {
      throw new IllegalArgumentException(ClassMap.FILE_NAME + " not found (" + classMap + "): pass --classMap=<path>");
    }
    try {
      return ClassMap.read(Path.of(classMap));
    } catch (IOException e) {
      throw new UncheckedIOException("reading class map " + classMap, e);
    }
  }
}
