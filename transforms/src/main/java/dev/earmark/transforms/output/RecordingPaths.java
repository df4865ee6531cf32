package dev.earmark.transforms.output;

import dev.earmark.transforms.values.Recording;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Where a recording's outputs live under the output root. All names come from the user id and the
 * recording's UTC start ({@code <yyyy-MM-dd>}, {@code <HHmmss>}), so a recording owns exactly the
 * clips named {@code clips/<user>/<day>/<HHmmss>_*}, one Raven table and one manifest.
 */
public final class RecordingPaths {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

  private RecordingPaths() {}

  /** The recording's UTC start date, {@code yyyy-MM-dd}: its night. */
  public static String day(Recording r) {
    return DAY.format(r.startTime().atZone(ZoneOffset.UTC));
  }

  /** The recording's UTC start time of day, {@code HHmmss}: the first part of all its file names. */
  public static String time(Recording r) {
    return TIME.format(r.startTime().atZone(ZoneOffset.UTC));
  }

  /** {@code <user_id>/<yyyy-MM-dd>}: the night (and events table) a recording belongs to. */
  public static String night(Recording r) {
    return r.userId() + "/" + day(r);
  }

  /**
   * The night of the recording whose {@link Recording#key()} this is: what a dead letter, which
   * carries only the key of the recording it is about, is grouped by with that recording.
   */
  public static String nightOfKey(String recordingKey) {
    String[] userStartUri = recordingKey.split(" ", 3);
    return userStartUri[0] + "/" + DAY.format(java.time.Instant.parse(userStartUri[1]).atZone(ZoneOffset.UTC));
  }

  /** {@code clips/<user>/<day>/<HHmmss>_<name>}: every clip of a recording starts with its time. */
  public static ResourceId clip(String root, Recording r, String name) {
    return OutputFiles.resolve(root, "clips", r.userId(), day(r), time(r) + "_" + name);
  }

  /** {@code clips/<user>/<day>/}. */
  public static ResourceId clipFolder(String root, Recording r) {
    return OutputFiles.resolve(root, "clips", r.userId(), day(r), "x").getCurrentDirectory();
  }

  /** {@code events/raven/<user>/<day>/<HHmmss>.selections.txt}. */
  public static ResourceId ravenTable(String root, Recording r) {
    return OutputFiles.resolve(root, "events", "raven", r.userId(), day(r), time(r) + ".selections.txt");
  }

  /** {@code manifests/<user>/<day>/<HHmmss>.json}: written last, it says the recording is finished. */
  public static ResourceId manifest(String root, Recording r) {
    return OutputFiles.resolve(root, "manifests", r.userId(), day(r), time(r) + ".json");
  }

  /** {@code manifests/<user>/<day>/}: every finished recording of one night. */
  public static ResourceId manifestFolder(String root, String userId, String day) {
    return OutputFiles.resolve(root, "manifests", userId, day, "x").getCurrentDirectory();
  }
}
