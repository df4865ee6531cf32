package dev.earmark.transforms.finish;

import dev.earmark.transforms.output.RecordingPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.output.OutputFiles;
import dev.earmark.transforms.values.Recording;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The record that a recording is finished: its identity, the fingerprint and settings of the run
 * that made its outputs, the outputs (clip paths, Raven table or null) and its events as rows of
 * the night's events table. It is written last, atomically, after every output it names; a rerun
 * with the same fingerprint skips the recording, and the night's tables are rebuilt from the
 * manifests alone. {@code eventRows} are the exact JSONL lines of the events table.
 */
@DefaultCoder(SerializableCoder.class)
public record RecordingManifest(
    Recording recording,
    String fingerprint,
    Map<String, Object> settings,
    List<String> clips,
    String ravenTable,
    List<String> eventRows)
    implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public RecordingManifest {
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(fingerprint, "fingerprint");
    settings = new LinkedHashMap<>(settings);
    clips = List.copyOf(clips);
    eventRows = List.copyOf(eventRows);
  }

  /** The files this manifest names: its clips, then its Raven table if it has one. */
  public List<String> outputs() {
    List<String> files = new ArrayList<>(clips);
    if (ravenTable != null) {
      files.add(ravenTable);
    }
    return files;
  }

  /** True when this manifest finished {@code r} under settings with {@code fingerprint}. */
  public boolean finishes(Recording r, String fingerprint) {
    return recording.key().equals(r.key()) && this.fingerprint.equals(fingerprint);
  }

  /** The manifest file's text: pretty-printed JSON, identical bytes for identical content. */
  public String toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user_id", recording.userId());
    json.put("uri", recording.uri());
    json.put("start_time", recording.startTime().toString());
    json.put("duration_s", recording.durationSeconds());
    json.put("fingerprint", fingerprint);
    json.put("settings", settings);
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("clips", clips);
    outputs.put("raven_table", ravenTable);
    json.put("outputs", outputs);
    List<JsonNode> events = new ArrayList<>();
    try {
      for (String row : eventRows) {
        events.add(JSON.readTree(row));
      }
      json.put("events", events);
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("event row is not JSON", e);
    }
  }

  /** A manifest file that does not parse: edited by hand, or not earmark's. */
  public static final class MalformedManifestException extends IOException {
    MalformedManifestException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Parses a manifest file's text; {@code source} names it in the error. */
  public static RecordingManifest parse(String text, String source) throws IOException {
    JsonNode json;
    try {
      json = JSON.readTree(text);
      Recording recording = new Recording(json.path("user_id").asText(), json.path("uri").asText(),
          Instant.parse(json.path("start_time").asText()),
          json.path("duration_s").isNumber() ? json.get("duration_s").asDouble() : null);
      List<String> clips = new ArrayList<>();
      json.path("outputs").path("clips").forEach(c -> clips.add(c.asText()));
      JsonNode raven = json.path("outputs").path("raven_table");
      List<String> rows = new ArrayList<>();
      for (JsonNode event : json.path("events")) {
        rows.add(JSON.writeValueAsString(event));
      }
      Map<String, Object> settings =
          JSON.convertValue(json.path("settings"), new TypeReference<LinkedHashMap<String, Object>>() {});
      return new RecordingManifest(recording, json.path("fingerprint").asText(), settings == null ? Map.of() : settings,
          clips, raven.isTextual() ? raven.asText() : null, rows);
    } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException | NullPointerException e) {
      throw new MalformedManifestException(source + ": not a recording manifest: " + e.getMessage(), e);
    }
  }

  /** The manifest at {@code file}, or empty when there is none. */
  public static Optional<RecordingManifest> read(ResourceId file) throws IOException {
    String text;
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (FileNotFoundException | NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(parse(text, file.toString()));
  }

  /** Writes this manifest to its place under {@code root}, atomically. */
  public ResourceId write(String root) throws IOException {
    ResourceId file = RecordingPaths.manifest(root, recording);
    OutputFiles.writeAtomically(file, toJson());
    return file;
  }
}
