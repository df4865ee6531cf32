package dev.earmark.pipeline.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * {@code reports/nights/index.html}: every user (by id) and their nights, newest first, with the
 * events per type, recordings, audio and dead letters of each; links relative to the index.
 */
final class HtmlNightIndex {
  private static final String CSS = """
      body{font-family:system-ui,sans-serif;margin:12px;color:#222;max-width:1100px}
      h1{font-size:20px}h2{font-size:16px;margin-top:20px}.note{color:#555;font-size:13px}
      .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px;margin:8px 0}
      th,td{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#f3f3f3}td.num{text-align:right}
      .dot{display:inline-block;width:10px;height:10px;border-radius:5px;margin:0 3px 0 8px}
      .warning{color:#a40}
      """;

  private HtmlNightIndex() {}

  static String render(List<NightSummary> nights) {
    Map<String, List<NightSummary>> byUser = new TreeMap<>();
    nights.forEach(n -> byUser.computeIfAbsent(n.user(), u -> new ArrayList<>()).add(n));
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Nights · earmark</title>\n<style>").append(CSS).append("</style></head><body>\n")
        .append("<h1>Nights</h1>\n<p class=\"note\" id=\"index-line\">").append(byUser.size())
        .append(byUser.size() == 1 ? " user, " : " users, ").append(nights.size())
        .append(nights.size() == 1 ? " night" : " nights")
        .append(". A night is the UTC start date of its recordings; newest first.</p>\n");
    if (nights.isEmpty()) {
      h.append("<p id=\"no-nights\">No night pages yet.</p>\n");
    }
    for (Map.Entry<String, List<NightSummary>> user : byUser.entrySet()) {
      List<NightSummary> list = new ArrayList<>(user.getValue());
      list.sort(Comparator.comparing(NightSummary::day).reversed());
      String u = Html.escape(user.getKey());
      h.append("<section class=\"user\" id=\"user-").append(u).append("\"><h2>").append(u).append("</h2>\n")
          .append("<div class=\"scroll\"><table><thead><tr><th>night</th><th>events per type</th><th>events</th>")
          .append("<th>recordings</th><th>audio</th><th>dead letters</th></tr></thead><tbody>\n");
      for (NightSummary n : list) {
        StringJoiner types = new StringJoiner(" ");
        n.perType().forEach((type, count) -> types.add("<span class=\"dot\" style=\"background:" + TypeColors.of(type)
            + "\"></span>" + Html.escape(type) + " " + count));
        h.append("<tr><td><a class=\"night-link\" href=\"").append(HtmlNightPage.encode(n.user())).append('/')
            .append(HtmlNightPage.fileName(n.day(), 1)).append("\">").append(n.day()).append("</a></td><td>")
            .append(n.events() == 0 ? "no events" : types.toString()).append("</td><td class=\"num\">")
            .append(n.events()).append("</td><td class=\"num\">").append(n.recordings())
            .append("</td><td class=\"num\">").append(TypeSummary.minutes(n.audioSeconds()))
            .append("</td><td class=\"num").append(n.deadLetters() > 0 ? " warning" : "").append("\">")
            .append(n.deadLetters()).append("</td></tr>\n");
      }
      h.append("</tbody></table></div></section>\n");
    }
    return h.append("</body></html>\n").toString();
  }
}
