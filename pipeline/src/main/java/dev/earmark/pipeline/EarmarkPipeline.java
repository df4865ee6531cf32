package dev.earmark.pipeline;

import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLocator;
import dev.earmark.models.yamnet.ModelNotFoundException;
import dev.earmark.pipeline.commands.VersionCommand;
import dev.earmark.pipeline.report.MemoryReport;
import dev.earmark.transforms.classify.ClassifiedWindows;
import dev.earmark.transforms.classify.ClassifyWindows;
import dev.earmark.transforms.failures.DeduplicateDeadLetters;
import dev.earmark.transforms.events.DetectEvents;
import dev.earmark.transforms.output.Locations;
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
  private EarmarkPipeline() {}

  /**
   * Runs the job, waits for it, prints the report and returns how it went. The run's own folders
   * (metrics, errors, reports, runs/<run_id>) are emptied first, so a reused run id keeps nothing
   * of an earlier run, and {@code runs/<run_id>/run.json} records the run at its start and end,
   * with the exit status of its {@link RunOutcome}.
   */
  public static RunOutcome run(EarmarkOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    // Building resolves the model first (the "how to get one" error before anything else).
    OutputSettings settings = build(pipeline, options);
    Preflight.check(options);
    RunJson runJson = RunJson.start(options, settings);
    long start = System.nanoTime();
    PipelineResult result;
    try (ConsoleProgress progress = Preflight.runsInThisJvm(options) ? ConsoleProgress.start() : null) {
      result = pipeline.run();
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      RunOutcome failed = RunOutcome.failed(e);
      runJson.finish(null, failed.exitCode());
      return failed;
    }
    Map<String, Long> counters = RunReport.counters(result);
    RunReport.print(System.out, result, counters, options, (System.nanoTime() - start) / 1e9);
    RunOutcome outcome = RunOutcome.of(result.getState(), counters);
    runJson.finish(counters, outcome.exitCode());
    writeMemoryReport(options);
    return outcome;
  }

  /** The run's memory report; a failure here is reported, never fails a finished run. */
  private static void writeMemoryReport(EarmarkOptions options) {
    try {
      System.out.println("  report   " + MemoryReport.write(options.getOutput(), options.getRunId()));
    } catch (RuntimeException e) {
      System.err.println("earmark run: no memory report: " + e.getMessage());
    }
  }

  /**
   * Adds the whole job to {@code pipeline} and returns the settings its outputs depend on; tests
   * call this on a TestPipeline. Recordings finished before with the same settings are skipped
   * before they are decoded ({@code --force} redoes them).
   */
  public static OutputSettings build(Pipeline pipeline, EarmarkOptions options) {
    String output = options.getOutput();
    String runId = runId(options);
    // The model first: without one, nothing about its class map is worth saying.
    ModelConfig model = modelConfig(options);
    List<EventType> types = eventTypes(options);
    List<TargetClass> classes = EventType.scoreColumns(types);
    OutputSettings settings = outputSettings(options, model, types);
    List<PCollection<DeadLetter>> failures = new ArrayList<>();

    PCollection<Recording> listed =
        pipeline.apply("ReadListings", new ReadListings(options.getListing(), RecordingFilterOptions.filter(options))).failuresTo(failures);
    RecordingsToRun plan = listed.apply("SkipFinishedRecordings",
        new SkipFinishedRecordings(output, settings.fingerprint(), options.getForce()));
    PCollection<Recording> recordings = plan.toProcess();
    PCollection<AudioWindow> windows =
        recordings.apply("SplitIntoWindows", new SplitIntoWindows(options.getWindowPatches())).failuresTo(failures);
    ClassifiedWindows classified =
        windows.apply("ClassifyWindows", new ClassifyWindows(model, classes, runId));
    PCollection<WindowScores> scores = classified.failuresTo(failures);
    classified.metrics().apply("WriteMemoryMetrics", WriteJsonLines.memoryMetrics(output, runId));
    PCollection<Event> events = scores.apply("DetectEvents", new DetectEvents(types,
        Duration.ofMillis(options.getMinEventMillis()), Duration.ofMillis(options.getMergeGapMillis())));
    PCollection<ClipRef> clips = events.apply("WriteClips", new WriteClips(new WriteClips.Settings(output,
        options.getClipFormat(), Duration.ofMillis(options.getClipPaddingMillis()),
        Duration.ofSeconds(options.getMaxClipSeconds())))).failuresTo(failures);
    PCollection<DeadLetter> deadLetters = PCollectionList.of(failures)
        .apply("FlattenDeadLetters", Flatten.pCollections())
        .apply("OnePerInput", new DeduplicateDeadLetters());
    deadLetters.apply("WriteDeadLetters", WriteJsonLines.deadLetters(output, runId));
    PCollection<RecordingManifest> finishedNow = RecordingResults.of(recordings, clips, deadLetters)
        .apply("FinishRecordings", new FinishRecordings(output, settings));
    PCollectionList.of(finishedNow).and(plan.finished())
        .apply("AllFinished", Flatten.pCollections())
        .apply("WriteEventTable", new WriteEventTable(output));
    return settings;
  }

  /** What the outputs depend on: its fingerprint decides which finished recordings a rerun skips. */
  static OutputSettings outputSettings(EarmarkOptions options, ModelConfig model, List<EventType> types) {
    return new OutputSettings(VersionCommand.version(), ModelDigest.sha256(model), types,
        Duration.ofMillis(options.getMinEventMillis()), Duration.ofMillis(options.getMergeGapMillis()),
        Duration.ofMillis(options.getClipPaddingMillis()), Duration.ofSeconds(options.getMaxClipSeconds()),
        options.getClipFormat());
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
    if (options.getClasses() != null && options.getEventTypes() != null) {
      throw new IllegalArgumentException("give --classes or --eventTypes, not both");
    }
    ClassMap classMap = classMap(options);
    if (options.getClasses() != null) {
      return ClassSelection.resolve(options.getClasses(), classMap, options.getOnThreshold(), options.getOffThreshold())
          .stream().map(EventType::single).toList();
    }
    return options.getEventTypes() == null
        ? EventTypesFile.defaults(classMap)
        : EventTypesFile.read(Path.of(options.getEventTypes()), classMap);
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
