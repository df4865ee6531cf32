package dev.earmark.pipeline;

import dev.earmark.models.system.ProcessMemory;
import dev.earmark.transforms.finish.WorkerPeaks;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.finish.OutputSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code runs/<run_id>/run.json}: what a run was asked to do and how it ended — its options, the
 * earmark version, the model sha256 and output fingerprint, start and end, counts (recordings
 * processed, skipped, dead letters) and exit status. Written when the run starts (no end, no exit
 * status: a file left like that is a run that died) and again when it ends.
 */
final class RunJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EarmarkOptions options;
  private final OutputSettings settings;
  private final Instant start;

  private RunJson(EarmarkOptions options, OutputSettings settings, Instant start) {
    this.options = options;
    this.settings = settings;
    this.start = start;
  }

  /** Empties the run's folders ({@link RunFolders}) and records the start. */
  static RunJson start(EarmarkOptions options, OutputSettings settings) {
    RunFolders.clear(options.getOutput(), options.getRunId());
    RunJson run = new RunJson(options, settings, Instant.now());
    run.write(run.toJson(null, null, null));
    return run;
  }

  /**
   * Records the end: {@code counters} are the jobs' Beam counters (null when it failed without them),
   * {@code workerPeaks} each worker's peak RSS late in the job ({@link WorkerPeaks}), by worker id.
   */
  void finish(Map<String, Long> counters, Map<String, Long> workerPeaks, int exitStatus) {
    Map<String, Object> json = toJson(Instant.now(), counters, exitStatus);
    if (!workerPeaks.isEmpty()) {
      json.put("worker_peaks", new java.util.TreeMap<>(workerPeaks));
    }
    write(json);
  }

  Map<String, Object> toJson(Instant end, Map<String, Long> counters, Integer exitStatus) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run_id", options.getRunId());
    json.put("earmark_version", settings.earmarkVersion());
    json.put("model_sha256", settings.modelSha256());
    json.put("output_fingerprint", settings.fingerprint());
    json.put("start", start.toString());
    json.put("end", end == null ? null : end.toString());
    json.put("exit_status", exitStatus);
    json.put("counts", counters == null ? null : counts(counters));
    if (end != null) {
      // The launcher's own high-water mark at the end: on the DirectRunner (and an embedded Flink) it
      // is the worker, and the metrics records stop at the last window, before stitching and writing.
      json.put("worker", ProcessMemory.worker());
      json.put("peak_rss_bytes", ProcessMemory.read().peakRssBytes());
    }
    json.put("options", options(options));
    return json;
  }

  static Map<String, Object> counts(Map<String, Long> c) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("recordings_listed", c.getOrDefault("recordingsListed", 0L));
    counts.put("processed", c.getOrDefault("recordingsFinished", 0L));
    counts.put("skipped", c.getOrDefault("recordingsSkipped", 0L));
    counts.put("unfinished", c.getOrDefault("recordingsUnfinished", 0L));
    counts.put("dead_letters", c.getOrDefault("deadLettersWritten", 0L));
    counts.put("windows", c.getOrDefault("windowsClassified", 0L));
    counts.put("events", c.getOrDefault("eventsDetected", 0L));
    counts.put("clips", c.getOrDefault("clipsWritten", 0L));
    return counts;
  }

  /** Every earmark option with the value in effect (defaults included), plus the runner. */
  static Map<String, Object> options(EarmarkOptions options) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("runner", options.getRunner().getSimpleName());
    List<Method> getters = Arrays.stream(EarmarkOptions.class.getDeclaredMethods())
        .filter(m -> m.getParameterCount() == 0 && m.getName().matches("(get|is)[A-Z].*"))
        .sorted(Comparator.comparing(Method::getName)).toList();
    for (Method getter : getters) {
      String name = getter.getName().replaceFirst("^(get|is)", "");
      try {
        Object value = getter.invoke(options);
        values.put(Character.toLowerCase(name.charAt(0)) + name.substring(1),
            value instanceof Enum<?> e ? e.name() : value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("reading option " + name, e);
      }
    }
    return values;
  }

  private void write(Map<String, Object> json) {
    try {
      OutputFiles.writeAtomically(OutputFiles.resolve(options.getOutput(), "runs", options.getRunId(), "run.json"),
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("run.json", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write run.json under " + options.getOutput() + ": " + e.getMessage(), e);
    }
  }
}
