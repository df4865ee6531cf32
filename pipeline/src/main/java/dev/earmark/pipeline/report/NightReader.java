package dev.earmark.pipeline.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.pipeline.report.Night.Chunk;
import dev.earmark.pipeline.report.Night.NightEvent;
import dev.earmark.pipeline.report.Night.Status;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.finish.RecordingManifest;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.Recording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Reads one night from the outputs: its manifests (recordings and their event rows) and its dead
 * letters. A recording's length is the listing's {@code duration_s} when given, else a probe of the
 * input's headers (no decoding); when neither works (the input was moved) it is unknown and the
 * page says so. A dead letter of a recording that has a manifest is stale (a later run finished
 * it) and left out.
 */
final class NightReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String root;
  private final Instant runStart;

  /** {@code runStart}: manifests written before it were skipped by the run; null when no run is meant. */
  NightReader(String root, Instant runStart) {
    this.root = root;
    this.runStart = runStart;
  }

  Night read(String user, String day, List<NightDeadLetters.Letter> letters) {
    List<Chunk> chunks = new ArrayList<>();
    List<NightEvent> events = new ArrayList<>();
    Set<String> finished = new HashSet<>();
    String folder = RecordingPaths.manifestFolder(root, user, day).toString();
    try {
      MatchResult match = FileSystems.match(List.of(folder + "*.json"), EmptyMatchTreatment.ALLOW).get(0);
      List<MatchResult.Metadata> files = match.status() == MatchResult.Status.OK ? match.metadata() : List.of();
      for (MatchResult.Metadata file : files) {
        if (OutputFiles.isTempName(file.resourceId().getFilename())) {
          continue;
        }
        RecordingManifest m;
        try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
          m = RecordingManifest.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file.resourceId().toString());
        } catch (RecordingManifest.MalformedManifestException e) {
          continue; // not earmark's: the events table leaves it out too
        }
        Recording r = m.recording();
        finished.add(r.key());
        Status status = runStart == null ? Status.FINISHED
            : file.lastModifiedMillis() < runStart.toEpochMilli() ? Status.EARLIER : Status.THIS_RUN;
        chunks.add(new Chunk(r.uri(), r.startTime(), length(r), status, m.eventRows().size(), null, null, null));
        for (String row : m.eventRows()) {
          events.add(event(row));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("night pages: cannot read " + folder + ": " + e.getMessage(), e);
    }
    for (NightDeadLetters.Letter l : letters) {
      if (!finished.contains(l.key())) {
        chunks.add(new Chunk(l.uri(), l.start(), Double.NaN, Status.DEAD_LETTER, 0, l.error(), l.message(), l.runId()));
      }
    }
    chunks.sort(Comparator.comparing(Chunk::start).thenComparing(Chunk::uri));
    events.sort(Comparator.comparing(NightEvent::start).thenComparing(NightEvent::type));
    return new Night(user, day, chunks, events);
  }

  private static double length(Recording r) {
    if (r.durationSeconds() != null) {
      return r.durationSeconds();
    }
    try {
      double seconds = AudioFiles.probe(r.uri()).durationSeconds();
      return seconds >= 0 ? seconds : Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN; // moved or deleted since: the page says the length is unknown
    }
  }

  static NightEvent event(String row) throws IOException {
    JsonNode e = JSON.readTree(row);
    String clip = e.path("clip_path").asText(null);
    if (clip != null) {
      clip = clip.substring(clip.lastIndexOf('/') + 1);
    }
    return new NightEvent(Instant.parse(e.path("start_time").asText()), Instant.parse(e.path("end_time").asText()),
        e.path("type").asText(e.path("label").asText("?")), e.path("label").asText(""),
        e.path("peak_score").asDouble(Double.NaN), e.path("mean_score").asDouble(Double.NaN), clip);
  }
}
