package dev.earmark.pipeline.report;

import dev.earmark.transforms.output.OutputFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Turns a run's per-window memory records ({@code <root>/metrics/<run>/*.jsonl}) into
 * {@code <root>/reports/<run>/memory.md} and {@code memory.html}, local or gs:// (through Beam's
 * FileSystems, so set its options first for gs://). Every failure a user can cause is an {@link
 * IllegalArgumentException} with a one-line message meant to be printed as is.
 */
public final class MemoryReport {
  /** What was written; {@code malformedLines} were skipped and deserve a warning. */
  public record Written(String runId, String html, String markdown, int windows, int malformedLines) {}

  private MemoryReport() {}

  /** Writes both reports and returns the html's location; warns on stderr when lines were skipped. */
  public static String write(String outputRoot, String runId) {
    Written written = generate(outputRoot, runId);
    if (written.malformedLines() > 0) {
      System.err.println("report: skipped " + written.malformedLines() + " malformed lines in the metrics of run "
          + written.runId());
    }
    return written.html();
  }

  public static Written generate(String outputRoot, String runId) {
    if (outputRoot == null || outputRoot.isBlank()) {
      throw new IllegalArgumentException("report: no output root given");
    }
    if (outputRoot.startsWith("file:")) {
      // Beam's local filesystem takes paths; file: URIs would resolve against the working directory.
      outputRoot = java.nio.file.Path.of(java.net.URI.create(outputRoot)).toString();
    }
    String metrics = OutputFiles.resolve(outputRoot, "metrics", "x").getCurrentDirectory().toString();
    Map<String, List<MatchResult.Metadata>> runs = runs(metrics);
    String run = runId != null ? runId : newestRun(runs, metrics);
    List<MatchResult.Metadata> files = runs.get(run);
    if (files == null) {
      throw new IllegalArgumentException("no metrics for run " + run + " under " + metrics + " (runs there: "
          + (runs.isEmpty() ? "none" : String.join(", ", runs.keySet())) + ")");
    }
    List<ResourceId> ids = files.stream().map(MatchResult.Metadata::resourceId)
        .sorted(Comparator.comparing(ResourceId::toString)).toList();
    String folder = ids.get(0).getCurrentDirectory().toString();
    MemoryRecords records = new MemoryRecordReader().read(run, folder, ids);
    if (records.records().isEmpty()) {
      throw new IllegalArgumentException("no memory records for run " + run + " in " + folder + " ("
          + records.files().size() + " .jsonl files, skipped " + records.malformedLines() + " malformed lines)");
    }
    MemoryAnalysis analysis = MemoryAnalysis.of(records, RunSpan.read(outputRoot, run).orElse(null));
    String md = write(OutputFiles.resolve(outputRoot, "reports", run, "memory.md"), MarkdownMemoryReport.render(analysis));
    String html = write(OutputFiles.resolve(outputRoot, "reports", run, "memory.html"), HtmlMemoryReport.render(analysis));
    return new Written(run, html, md, records.records().size(), records.malformedLines());
  }

  /** Metrics files by run id: {@code <metrics>/<run>/*.jsonl}, sorted by run id. */
  static Map<String, List<MatchResult.Metadata>> runs(String metrics) {
    Map<String, List<MatchResult.Metadata>> runs = new TreeMap<>();
    try {
      MatchResult match = FileSystems.match(List.of(metrics + "*/*.jsonl"), EmptyMatchTreatment.ALLOW).get(0);
      if (match.status() != MatchResult.Status.OK) {
        return runs;
      }
      for (MatchResult.Metadata m : match.metadata()) {
        String run = m.resourceId().getCurrentDirectory().getFilename();
        runs.computeIfAbsent(run.replaceAll("/$", ""), r -> new ArrayList<>()).add(m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("report: cannot list " + metrics + ": " + e.getMessage(), e);
    }
    return runs;
  }

  /** The run whose metrics changed last: usually the run that just finished. */
  static String newestRun(Map<String, List<MatchResult.Metadata>> runs, String metrics) {
    return runs.entrySet().stream()
        .max(Comparator.comparingLong(e -> e.getValue().stream()
            .mapToLong(MatchResult.Metadata::lastModifiedMillis).max().orElse(0)))
        .map(Map.Entry::getKey)
        .orElseThrow(() -> new IllegalArgumentException("no metrics runs under " + metrics));
  }

  /** Temp then rename (OutputFiles), so a browser or a sync job never sees half a report. */
  private static String write(ResourceId target, String content) {
    try {
      OutputFiles.writeAtomically(target, content);
      return target.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("report: cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Joins the names for messages. */
  static String names(List<String> names) {
    return names.stream().sorted().collect(Collectors.joining(", "));
  }
}
