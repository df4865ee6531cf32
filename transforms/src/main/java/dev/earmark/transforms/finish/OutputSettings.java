package dev.earmark.transforms.finish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.TargetClass;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting that changes what a recording's outputs hold: the earmark version, the model's
 * sha256, the event types (their classes, thresholds and rules), the sha256 of the head file when a
 * type reads the head, the event rules and the clip settings. Window
 * and batch sizes are left out on purpose: they change how the work is cut, not its results. Two
 * runs with equal {@link #fingerprint()}s write the same bytes for the same recording.
 */
public record OutputSettings(
    String earmarkVersion,
    String modelSha256,
    List<EventType> types,
    Duration minEventLength,
    Duration mergeGap,
    Duration clipPadding,
    Duration maxClipLength,
    ClipFormat clipFormat,
    String headSha256)
    implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public OutputSettings {
    Objects.requireNonNull(earmarkVersion, "earmarkVersion");
    Objects.requireNonNull(modelSha256, "modelSha256");
    types = List.copyOf(types);
    Objects.requireNonNull(minEventLength, "minEventLength");
    Objects.requireNonNull(mergeGap, "mergeGap");
    Objects.requireNonNull(clipPadding, "clipPadding");
    Objects.requireNonNull(maxClipLength, "maxClipLength");
    Objects.requireNonNull(clipFormat, "clipFormat");
    Objects.requireNonNull(headSha256, "headSha256 (empty for none)");
  }

  /** Settings of a run whose types read no head. */
  public OutputSettings(String earmarkVersion, String modelSha256, List<EventType> types, Duration minEventLength,
      Duration mergeGap, Duration clipPadding, Duration maxClipLength, ClipFormat clipFormat) {
    this(earmarkVersion, modelSha256, types, minEventLength, mergeGap, clipPadding, maxClipLength, clipFormat, "");
  }

  /** The settings as written into every manifest, in a fixed order (so the fingerprint is stable). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("earmark_version", earmarkVersion);
    json.put("model_sha256", modelSha256.toLowerCase(Locale.ROOT));
    json.put("event_types", types.stream().map(OutputSettings::describe).toList());
    json.put("min_event_ms", minEventLength.toMillis());
    json.put("merge_gap_ms", mergeGap.toMillis());
    json.put("clip_padding_ms", clipPadding.toMillis());
    json.put("max_clip_ms", maxClipLength.toMillis());
    json.put("clip_format", clipFormat.name());
    if (!headSha256.isEmpty()) {
      // Only when used: outputs of runs without a head keep the fingerprint they had before heads.
      json.put("head_sha256", headSha256.toLowerCase(Locale.ROOT));
    }
    return json;
  }

  /** sha256 of {@link #toJson()}: what a manifest must carry for its recording to be skipped. */
  public String fingerprint() {
    try {
      byte[] canonical = JSON.writeValueAsString(toJson()).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint the output settings", e);
    }
  }

  /**
   * {@code name minPatches=N: class; class...[ unless: class;...]}: every rule and threshold, so any
   * change shows.
   */
  private static String describe(EventType t) {
    StringBuilder s = new StringBuilder(t.name()).append(" minPatches=").append(t.minPatches()).append(':');
    t.classes().forEach(c -> s.append(' ').append(describe(c)).append(';'));
    if (!t.unless().isEmpty()) {
      s.append(" unless:");
      t.unless().forEach(c -> s.append(' ').append(describe(c)).append(';'));
    }
    if (!t.gates().isEmpty()) {
      s.append(" gates:");
      t.gates().forEach(c -> s.append(' ').append(describe(c)).append(';'));
    }
    return s.toString();
  }

  /** {@code index mid name on off}: thresholds printed exactly, so any change shows. */
  private static String describe(TargetClass c) {
    return String.format(Locale.ROOT, "%d %s %s on=%s off=%s", c.index(), c.mid(), c.displayName(),
        Float.toString(c.onThreshold()), Float.toString(c.offThreshold()));
  }
}
