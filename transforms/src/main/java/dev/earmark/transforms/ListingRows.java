package dev.earmark.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.earmark.models.text.CsvFields;
import dev.earmark.transforms.values.DeadLetter.Reason;
import dev.earmark.transforms.values.Recording;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one listing row (a JSON object, or a CSV line under a header) into a {@link Recording}.
 * Every input fault is a {@link BadRow} with its {@link Reason}; the caller adds file and line.
 */
public final class ListingRows {
  static final String USER_ID = "user_id";
  static final String URI = "uri";
  static final String START_TIME = "start_time";
  static final String DURATION = "duration_s";

  /** A row that cannot become a recording. */
  public static final class BadRow extends Exception {
    final Reason reason;

    BadRow(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  private ListingRows() {}

  public static Map<String, String> parseJson(String line) throws BadRow {
    JsonNode node;
    try {
      node = JsonRows.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new BadRow(Reason.MALFORMED_ROW, "not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRow(Reason.MALFORMED_ROW, "not a JSON object");
    }
    Map<String, String> fields = new HashMap<>();
    node.fields()
        .forEachRemaining(
            f -> {
              if (!f.getValue().isNull()) {
                fields.put(f.getKey(), f.getValue().asText());
              }
            });
    return fields;
  }

  public static Map<String, String> parseCsv(List<String> header, String line) throws BadRow {
    List<String> cells = splitCsv(line);
    if (cells.size() != header.size()) {
      throw new BadRow(
          Reason.MALFORMED_ROW, cells.size() + " CSV cells for " + header.size() + " header columns");
    }
    Map<String, String> fields = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      if (!cells.get(i).isEmpty()) {
        fields.put(header.get(i), cells.get(i));
      }
    }
    return fields;
  }

  /** The header or a row's cells, trimmed; a quote left open makes the row malformed. */
  public static List<String> splitCsv(String line) throws BadRow {
    List<String> cells;
    try {
      cells = CsvFields.split(line);
    } catch (CsvFields.MalformedCsvException e) {
      throw new BadRow(Reason.MALFORMED_ROW, e.getMessage());
    }
    cells.replaceAll(String::trim);
    return cells;
  }

  public static Recording toRecording(Map<String, String> fields) throws BadRow {
    String userId = required(fields, USER_ID);
    String uri = required(fields, URI);
    String start = required(fields, START_TIME);
    if (!Recording.isSafeId(userId)) {
      throw new BadRow(
          Reason.UNSAFE_USER_ID,
          "user_id '" + userId + "' is not a safe path component ([A-Za-z0-9][A-Za-z0-9._-]*)");
    }
    Instant startTime;
    try {
      startTime = OffsetDateTime.parse(start).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRow(
          Reason.BAD_TIMESTAMP, "start_time '" + start + "' is not an ISO-8601 time with offset");
    }
    Double duration = null;
    String d = fields.get(DURATION);
    if (d != null) {
      try {
        duration = Double.parseDouble(d);
      } catch (NumberFormatException e) {
        duration = Double.NaN;
      }
      if (!(duration >= 0) || duration.isInfinite()) {
        throw new BadRow(Reason.BAD_DURATION, "duration_s '" + d + "' is not a number >= 0");
      }
    }
    return new Recording(userId, uri, startTime, duration);
  }

  private static String required(Map<String, String> fields, String name) throws BadRow {
    String value = fields.get(name);
    if (value == null || value.isBlank()) {
      throw new BadRow(Reason.MISSING_FIELD, "missing field " + name);
    }
    return value.trim();
  }
}
