package dev.earmark.models.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into its fields, RFC 4180 style: commas separate, double quotes quote (so a
 * quoted field may hold commas), and {@code ""} inside quotes is one literal quote. Fields are
 * returned as written (no trimming); callers that want trimmed cells trim them.
 *
 * <p>Lenient where the three earlier copies were lenient, so no row they accepted is now refused:
 * text around a quoted part joins it ({@code a"b,c"d} is one field {@code ab,cd}). Strict where it
 * matters: a quote left open at the end of the line is an error, not a silently merged field.
 */
public final class CsvFields {
  private CsvFields() {}

  /** A line that is not valid CSV; the message says what and where. */
  public static final class MalformedCsvException extends Exception {
    public MalformedCsvException(String message) {
      super(message);
    }
  }

  /**
   * The fields of {@code line}, at least one. A trailing CR (the rest of a CRLF line ending left by
   * a reader that split on LF only) is not part of the last field.
   */
  public static List<String> split(String line) throws MalformedCsvException {
    int end = line.endsWith("\r") ? line.length() - 1 : line.length();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int openQuote = -1;
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (openQuote >= 0) {
        if (c == '"' && i + 1 < end && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          openQuote = -1;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        openQuote = i;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (openQuote >= 0) {
      throw new MalformedCsvException(
          "unterminated quote in CSV row (opened at character " + (openQuote + 1) + ")");
    }
    fields.add(field.toString());
    return fields;
  }
}
