package dev.earmark.pipeline;

import dev.earmark.transforms.listing.ReadListings;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which recordings a command takes, for {@code run} and {@code list} alike: users and UTC days. */
public interface RecordingFilterOptions extends PipelineOptions {
  @Description("Only these user ids (comma separated); default: all users.")
  List<String> getUsers();

  void setUsers(List<String> value);

  @Description("Only recordings starting on or after this UTC date (yyyy-MM-dd).")
  String getFrom();

  void setFrom(String value);

  @Description("Only recordings starting on or before this UTC date (yyyy-MM-dd), inclusive.")
  String getTo();

  void setTo(String value);

  /** The filter these options ask for; a date that does not parse is an {@link IllegalArgumentException}. */
  static ReadListings.Filter filter(RecordingFilterOptions options) {
    List<String> users = options.getUsers() == null ? List.of() : options.getUsers();
    Set<String> ids = users.stream().filter(Objects::nonNull).map(String::trim).filter(u -> !u.isEmpty())
        .collect(Collectors.toSet());
    return new ReadListings.Filter(ids, date("from", options.getFrom()), date("to", options.getTo()));
  }

  private static LocalDate date(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a UTC date yyyy-MM-dd (got --" + name + "=" + value + ")", e);
    }
  }
}
