package dev.earmark.pipeline.commands;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where recordings sit under a storage root, e.g. {@code {user}/{date}/{time}.ogg}: {@code {user}}
 * is a safe id (letters, digits, {@code . _ -}, no slash), {@code {date}} is {@code yyyy-MM-dd},
 * {@code {time}} is {@code HHmm} or {@code HHmmss}, all UTC; everything else is literal.
 */
final class RecordingLayout {
  static final String DEFAULT = "{user}/{date}/{time}.ogg";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(user|date|time)}");

  private final String layout;
  private final Pattern regex;
  private final List<String> groups;

  private RecordingLayout(String layout, Pattern regex, List<String> groups) {
    this.layout = layout;
    this.regex = regex;
    this.groups = groups;
  }

  static RecordingLayout parse(String layout) throws UsageException {
    if (layout.startsWith("/")) {
      throw new UsageException("--layout is relative to --root, it must not start with /: " + layout);
    }
    StringBuilder re = new StringBuilder();
    List<String> groups = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(layout);
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(layout.substring(last, m.start())));
      String name = m.group(1);
      if (groups.contains(name)) {
        throw new UsageException("--layout uses {" + name + "} twice: " + layout);
      }
      groups.add(name);
      re.append(
          switch (name) {
            case "user" -> "([A-Za-z0-9][A-Za-z0-9._-]*)";
            case "date" -> "(\\d{4}-\\d{2}-\\d{2})";
            default -> "(\\d{4}|\\d{6})";
          });
      last = m.end();
    }
    re.append(Pattern.quote(layout.substring(last)));
    if (groups.size() != 3) {
      throw new UsageException("--layout must contain {user}, {date} and {time}: " + layout);
    }
    if (layout.replaceAll("\\{(user|date|time)}", "").contains("{")) {
      throw new UsageException("--layout has an unknown {placeholder}: " + layout);
    }
    return new RecordingLayout(layout, Pattern.compile(re.toString()), List.copyOf(groups));
  }

  /** A path that fits the layout: the user and the recording's UTC start. */
  record Match(String userId, LocalDate date, java.time.Instant start) {}

  /**
   * Parses {@code relativePath} (below the root, {@code /}-separated).
   *
   * @throws IllegalArgumentException with the reason if it does not fit
   */
  Match match(String relativePath) {
    Matcher m = regex.matcher(relativePath);
    if (!m.matches()) {
      throw new IllegalArgumentException("does not match layout " + layout);
    }
    String user = m.group(groups.indexOf("user") + 1);
    String dateText = m.group(groups.indexOf("date") + 1);
    String timeText = m.group(groups.indexOf("time") + 1);
    try {
      LocalDate date = LocalDate.parse(dateText);
      int hh = Integer.parseInt(timeText.substring(0, 2));
      int mm = Integer.parseInt(timeText.substring(2, 4));
      int ss = timeText.length() == 6 ? Integer.parseInt(timeText.substring(4, 6)) : 0;
      LocalTime time = LocalTime.of(hh, mm, ss);
      return new Match(user, date, date.atTime(time).toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "bad date or time " + dateText + " " + timeText + ": " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return layout;
  }
}
