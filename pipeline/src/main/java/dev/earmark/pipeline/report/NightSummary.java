package dev.earmark.pipeline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the index needs of a night, kept beside its page as {@code reports/nights/<user>/<day>.json}
 * (written after the page): counts per type, recordings, dead letters, its pages, the neighbours
 * its links point to and the run that wrote it. The index is rebuilt from these alone, so it lists
 * every night that has a page, whichever run wrote it.
 */
record NightSummary(String user, String day, String runId, int events, Map<String, Integer> perType, int recordings,
    int deadLetters, double audioSeconds, int pages, String previous, String next) {
  private static final ObjectMapper JSON = new ObjectMapper();

  NightSummary {
    perType = new TreeMap<>(perType);
  }

  static NightSummary of(Night night, String runId, int pages, String previous, String next) {
    Map<String, Integer> perType = new TreeMap<>();
    night.events().forEach(e -> perType.merge(e.type(), 1, Integer::sum));
    return new NightSummary(night.user(), night.day(), runId, night.events().size(), perType,
        (int) (night.chunks().size() - night.deadLetters()), (int) night.deadLetters(), night.audioSeconds(), pages,
        previous, next);
  }

  String key() {
    return user + "/" + day;
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_id", user);
    m.put("day", day);
    m.put("run_id", runId);
    m.put("events", events);
    m.put("per_type", perType);
    m.put("recordings", recordings);
    m.put("dead_letters", deadLetters);
    m.put("audio_s", Math.round(audioSeconds * 1000) / 1000.0);
    m.put("pages", pages);
    m.put("previous", previous);
    m.put("next", next);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The summary in {@code text}, or null when it is not one (torn by hand, or not ours). */
  static NightSummary parse(String text) {
    try {
      JsonNode j = JSON.readTree(text);
      Map<String, Integer> perType = new TreeMap<>();
      j.path("per_type").fields().forEachRemaining(e -> perType.put(e.getKey(), e.getValue().asInt()));
      if (!j.path("user_id").isTextual() || !j.path("day").isTextual()) {
        return null;
      }
      return new NightSummary(j.get("user_id").asText(), j.get("day").asText(), j.path("run_id").asText(null),
          j.path("events").asInt(), perType, j.path("recordings").asInt(), j.path("dead_letters").asInt(),
          j.path("audio_s").asDouble(), Math.max(1, j.path("pages").asInt(1)), j.path("previous").asText(null),
          j.path("next").asText(null));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
