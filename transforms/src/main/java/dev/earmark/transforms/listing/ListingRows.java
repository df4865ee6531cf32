package dev.earmark.transforms.listing;

import dev.earmark.transforms.output.JsonRows;
import dev.earmark.transforms.output.Locations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.earmark.models.text.CsvFields;
import dev.earmark.transforms.values.DeadLetter.Reason;
import dev.earmark.transforms.values.ListingLine;
import dev.earmark.transforms.values.Recording;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one listing row (a JSON object, or a CSV line under a header) into a {@link Recording}.
 * Every input fault is a {@link BadRow} with its {@link Reason} and the row's user id and uri as
 * far as they could be read; the caller adds file and line. In JSON the three required fields are
 * strings and {@code duration_s} is a number; a uri is an absolute path or has a scheme, because
 * a relative one means something different on every worker.
 */
public final class ListingRows {
  static final String USER_ID = "user_id";
  static final String URI = "uri";
  static final String START_TIME = "start_time";
  static final String DURATION = "duration_s";

  /** A row that cannot become a recording; {@code userId} and {@code uri} as the row gave them, or null. */
  public static final class BadRow extends Exception {
    final Reason reason;
    final String userId;
    final String uri;

    BadRow(Reason reason, String message) {
      this(reason, message, Map.of());
    }

    BadRow(Reason reason, String message, Map<String, String> fields) {
      super(message);
      this.reason = reason;
      this.userId = fields.get(USER_ID);
      this.uri = fields.get(URI);
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
    List<String> wrongTypes = new ArrayList<>();
    node.fields().forEachRemaining(f -> {
      String name = f.getKey();
      JsonNode value = f.getValue();
      boolean number = name.equals(DURATION);
      boolean known = number || name.equals(USER_ID) || name.equals(URI) || name.equals(START_TIME);
      if (value.isNull()) {
        return;
      }
      if (known && (number ? !value.isNumber() : !value.isTextual())) {
        wrongTypes.add(name + " is " + typeOf(value) + ", not " + (number ? "a number" : "a string"));
      } else if (value.isValueNode()) {
        fields.put(name, value.asText());
      }
    });
    if (!wrongTypes.isEmpty()) {
      throw new BadRow(Reason.WRONG_TYPE, "wrong JSON types: " + String.join("; ", wrongTypes), fields);
    }
    return fields;
  }

  private static String typeOf(JsonNode value) {
    return switch (value.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
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

  /** The recording a row lists; {@code listedAt} is that row, carried for its dead letters. */
  public static Recording toRecording(Map<String, String> fields, ListingLine listedAt) throws BadRow {
    String userId = required(fields, USER_ID);
    String uri = required(fields, URI);
    String start = required(fields, START_TIME);
    if (!Recording.isSafeId(userId)) {
      throw new BadRow(Reason.UNSAFE_USER_ID,
          "user_id '" + userId + "' is not a safe path component ([A-Za-z0-9][A-Za-z0-9._-]*)", fields);
    }
    if (!uri.startsWith("/") && !Locations.hasScheme(uri)) {
      throw new BadRow(Reason.RELATIVE_URI,
          "uri '" + uri + "' is relative: give an absolute path or a URI with a scheme (gs://..., file:///...)", fields);
    }
    Instant startTime;
    try {
      startTime = OffsetDateTime.parse(start).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRow(Reason.BAD_TIMESTAMP,
          "start_time '" + start + "' is not an ISO-8601 time with offset (2025-11-20T05:30:00Z)", fields);
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
        throw new BadRow(Reason.BAD_DURATION, "duration_s '" + d + "' is not a number >= 0", fields);
      }
    }
    return new Recording(userId, uri, startTime, duration, listedAt);
  }

  private static String required(Map<String, String> fields, String name) throws BadRow {
    String value = fields.get(name);
    if (value == null || value.isBlank()) {
      throw new BadRow(Reason.MISSING_FIELD, "missing field " + name, fields);
    }
    return value.trim();
  }
}
