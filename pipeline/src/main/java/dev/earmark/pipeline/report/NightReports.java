package dev.earmark.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.pipeline.report.Night.NightEvent;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writes the night pages of a run, {@code reports/nights/<user>/<day>.html} (see {@link
 * HtmlNightPage}), and rebuilds {@code reports/nights/index.html} from every night page there is.
 * The run's nights are those whose events table it wrote (every night it finished or skipped a
 * recording of) and those it wrote a dead letter for; with {@code allNights}, every night of the
 * output root. A night whose previous or next night changed is written again too, so its links
 * stay right. Everything goes through {@link OutputFiles} (atomic, local or gs://).
 */
public final class NightReports {
  /** What was written. */
  public record Written(int nights, int pages, String index, double seconds) {}

  /**
   * Table writes of the run are after its start; the slack covers the clocks of other machines
   * (Flink workers, the store's) that stamp them. A night of an earlier run within it is merely
   * written again.
   */
  static final Duration CLOCK_SLACK = Duration.ofSeconds(60);

  /** {@code reports/nights/}: no run may be called this (a run empties its own reports folder). */
  public static final String FOLDER = "nights";

  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String root;
  private final int pageSize;
  private final Map<String, Optional<Instant>> runStarts = new HashMap<>();

  NightReports(String root, int pageSize) {
    this.root = root;
    this.pageSize = pageSize;
  }

  /** The run's night pages and the index; {@code runId} null with {@code allNights} for no run. */
  public static Written write(String outputRoot, String runId, boolean allNights) {
    if (outputRoot.startsWith("file:")) {
      outputRoot = java.nio.file.Path.of(java.net.URI.create(outputRoot)).toString();
    }
    return new NightReports(outputRoot, HtmlNightPage.PAGE_SIZE).write(runId, allNights);
  }

  Written write(String runId, boolean allNights) {
    long t0 = System.nanoTime();
    Instant runStart = runId == null ? null : runStart(runId).orElse(null);
    if (!allNights && runStart == null) {
      throw new IllegalArgumentException("night pages: no runs/" + runId + "/run.json under " + root
          + ", so the run's nights are not known (report --allNights writes every night)");
    }
    NightDeadLetters letters = NightDeadLetters.read(root);
    Map<String, Long> tables = eventTables();
    Map<String, NightSummary> summaries = summaries();

    Set<String> known = new TreeSet<>(tables.keySet());
    known.addAll(letters.nights());
    Set<String> touched = new TreeSet<>();
    if (allNights) {
      touched.addAll(known);
    } else {
      long since = runStart.minus(CLOCK_SLACK).toEpochMilli();
      tables.forEach((night, modified) -> {
        if (modified >= since) {
          touched.add(night);
        }
      });
      touched.addAll(letters.nightsOfRun(runId));
    }
    // Pages link to the nights that have (or are getting) a page.
    Set<String> linked = new TreeSet<>(summaries.keySet());
    linked.addAll(touched);
    Map<String, String[]> neighbours = neighbours(linked);
    Map<String, String> toWrite = new TreeMap<>(); // night -> the run it is written for
    touched.forEach(n -> toWrite.put(n, runId));
    summaries.forEach((night, s) -> {
      String[] pn = neighbours.get(night);
      if (!touched.contains(night) && known.contains(night)
          && (!Objects.equals(pn[0], s.previous()) || !Objects.equals(pn[1], s.next()))) {
        toWrite.put(night, s.runId());
      }
    });
    boolean memoryReport = runId != null && exists(OutputFiles.resolve(root, "reports", runId, "memory.html"));
    int pages = 0;
    for (Map.Entry<String, String> w : toWrite.entrySet()) {
      String[] pn = neighbours.get(w.getKey());
      String run = w.getValue();
      NightSummary written = writeNight(w.getKey(), letters, run, pn,
          run != null && (run.equals(runId) ? memoryReport
              : exists(OutputFiles.resolve(root, "reports", run, "memory.html"))),
          summaries.get(w.getKey()));
      summaries.put(w.getKey(), written);
      pages += written.pages();
    }
    ResourceId index = OutputFiles.resolve(root, "reports", FOLDER, "index.html");
    write(index, HtmlNightIndex.render(new ArrayList<>(summaries.values())));
    return new Written(toWrite.size(), pages, index.toString(), (System.nanoTime() - t0) / 1e9);
  }

  /** Writes one night's pages, then its summary; removes pages beyond its new last one. */
  private NightSummary writeNight(String key, NightDeadLetters letters, String runId, String[] neighbours,
      boolean memoryReport, NightSummary before) {
    String user = key.substring(0, key.indexOf('/'));
    String day = key.substring(key.indexOf('/') + 1);
    Instant start = runId == null ? null : runStart(runId).orElse(null);
    Night night = new NightReader(root, start).read(user, day, letters.of(key));
    HtmlNightPage page = new HtmlNightPage(night,
        new HtmlNightPage.Links(neighbours[0], neighbours[1], runId, memoryReport), pageSize);
    for (int p = 1; p <= page.pages(); p++) {
      write(OutputFiles.resolve(root, "reports", FOLDER, user, HtmlNightPage.fileName(day, p)),
          page.render(p, e -> thumbnail(user, day, e)));
    }
    if (before != null && before.pages() > page.pages()) {
      List<ResourceId> stale = new ArrayList<>();
      for (int p = page.pages() + 1; p <= before.pages(); p++) {
        stale.add(OutputFiles.resolve(root, "reports", FOLDER, user, HtmlNightPage.fileName(day, p)));
      }
      try {
        FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException e) {
        throw new UncheckedIOException("night pages: cannot delete " + stale + ": " + e.getMessage(), e);
      }
    }
    NightSummary summary = NightSummary.of(night, runId, page.pages(), neighbours[0], neighbours[1]);
    write(OutputFiles.resolve(root, "reports", FOLDER, user, day + ".json"), summary.toJson());
    return summary;
  }

  /** The spectrogram cell of an event: an inline PNG, or why there is none. */
  private String thumbnail(String user, String day, NightEvent e) {
    if (e.clip() == null) {
      return "";
    }
    if (!e.clip().toLowerCase(java.util.Locale.ROOT).endsWith(".wav")) {
      return "<span class=\"note no-spec\">no thumbnail: only WAV clips are drawn (this is "
          + Html.escape(e.clip().substring(e.clip().lastIndexOf('.') + 1)) + ")</span>";
    }
    try {
      byte[] png = Spectrogram.png(OutputFiles.resolve(root, "clips", user, day, e.clip()).toString());
      return "<img class=\"spec\" width=\"" + Spectrogram.COLUMNS + "\" height=\"" + Spectrogram.ROWS
          + "\" alt=\"spectrogram of " + Html.escape(e.clip()) + " (0–" + Spectrogram.MAX_HZ / 1000
          + " kHz)\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\">";
    } catch (IOException | RuntimeException ex) {
      String why = String.valueOf(ex.getMessage()).lines().findFirst().orElse("");
      return "<span class=\"note no-spec\">no thumbnail: " + Html.escape(why) + "</span>";
    }
  }

  /** Previous and next night of the same user among {@code nights} ({@code user/day}, sorted). */
  static Map<String, String[]> neighbours(Set<String> nights) {
    Map<String, String[]> out = new HashMap<>();
    String prevKey = null;
    for (String night : nights) {
      String user = night.substring(0, night.indexOf('/'));
      String[] pn = new String[2];
      out.put(night, pn);
      if (prevKey != null && prevKey.startsWith(user + "/")) {
        pn[0] = prevKey.substring(user.length() + 1);
        out.get(prevKey)[1] = night.substring(user.length() + 1);
      }
      prevKey = night;
    }
    return out;
  }

  /** {@code user/day} of every events table, with its modification time. */
  private Map<String, Long> eventTables() {
    Map<String, Long> tables = new HashMap<>();
    for (MatchResult.Metadata m : match(OutputFiles.resolve(root, "events", "x").getCurrentDirectory() + "*/*.jsonl")) {
      String name = m.resourceId().getFilename();
      String user = m.resourceId().getCurrentDirectory().getFilename().replaceAll("/$", "");
      String day = name.substring(0, name.length() - ".jsonl".length());
      if (DAY.matcher(day).matches() && Recording.isSafeId(user)) {
        tables.put(user + "/" + day, m.lastModifiedMillis());
      }
    }
    return tables;
  }

  /** The summaries of the night pages there are. */
  private Map<String, NightSummary> summaries() {
    Map<String, NightSummary> out = new TreeMap<>();
    String folder = OutputFiles.resolve(root, "reports", FOLDER, "x").getCurrentDirectory().toString();
    for (MatchResult.Metadata m : match(folder + "*/*.json")) {
      if (OutputFiles.isTempName(m.resourceId().getFilename())) {
        continue;
      }
      NightSummary s = NightSummary.parse(read(m.resourceId()));
      if (s != null && Recording.isSafeId(s.user()) && DAY.matcher(s.day()).matches()) {
        out.put(s.key(), s);
      }
    }
    return out;
  }

  private Optional<Instant> runStart(String runId) {
    return runStarts.computeIfAbsent(runId, r -> {
      try {
        JsonNode run = JSON.readTree(read(OutputFiles.resolve(root, "runs", r, "run.json")));
        return run.path("start").isTextual() ? Optional.of(Instant.parse(run.get("start").asText())) : Optional.empty();
      } catch (IOException | RuntimeException e) {
        return Optional.empty();
      }
    });
  }

  private static List<MatchResult.Metadata> match(String pattern) {
    try {
      MatchResult m = FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0);
      return m.status() == MatchResult.Status.OK ? m.metadata() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("night pages: cannot list " + pattern + ": " + e.getMessage(), e);
    }
  }

  private static boolean exists(ResourceId file) {
    return !match(file.toString()).isEmpty();
  }

  private static String read(ResourceId file) {
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("night pages: cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void write(ResourceId target, String content) {
    try {
      OutputFiles.writeAtomically(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException("night pages: cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
