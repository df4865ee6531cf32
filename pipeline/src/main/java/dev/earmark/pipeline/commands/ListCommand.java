package dev.earmark.pipeline.commands;

import dev.earmark.transforms.Locations;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code list}: builds a pipeline listing from a storage root laid out as {@code
 * <root>/<user>/<yyyy-MM-dd>/<HHmm>.ogg} (local or anything Beam's {@code FileSystems} reads, such
 * as {@code gs://}). Every file under the root is either listed, skipped by a filter, or reported
 * on stderr as not fitting the layout: nothing is dropped silently.
 */
public final class ListCommand {
  /** Files not fitting the layout printed one per line; the rest are only counted. */
  static final int MAX_REPORTED = 50;

  static final String USAGE =
      """
      usage: earmark list --root=<dir or gs://bucket/prefix> --output=<listing.jsonl>
                          [--layout='{user}/{date}/{time}.ogg'] [--users=a,b]
                          [--from=yyyy-MM-dd] [--to=yyyy-MM-dd]

      Writes one JSONL row per recording found under --root,
        {"user_id":"alice","uri":"/data/alice/2025-11-20/0530.ogg","start_time":"2025-11-20T05:30:00Z"}
      sorted by user, start time and uri: the input of `earmark run --listing=...`.

        --root    storage root (local directory or gs://...)
        --output  listing file to write (local or gs://...)
        --layout  path of a recording below the root; {user} = user id, {date} = yyyy-MM-dd,
                  {time} = HHmm or HHmmss, all UTC (default {user}/{date}/{time}.ogg)
        --users   only these user ids (comma-separated)
        --from    only recordings starting on or after this UTC date
        --to      only recordings starting on or before this UTC date (inclusive)
        --help    this text
      Files under the root that do not fit the layout are counted and listed on stderr.
      """;

  private ListCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** Same as {@link #run(String[])}, printing to the given streams (for tests and embedding). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ListRequest request;
    try {
      CommandArgs parsed =
          CommandArgs.parse(
              args, Set.of("root", "output", "layout", "users", "from", "to"), Set.of());
      if (parsed.help()) {
        out.print(USAGE);
        return 0;
      }
      if (!parsed.positional().isEmpty()) {
        throw new UsageException("unexpected arguments " + parsed.positional());
      }
      request = ListRequest.of(parsed);
    } catch (UsageException e) {
      err.println("list: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    try {
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
      RecordingScan scan = RecordingScan.scan(request);
      if (scan.rows().isEmpty()) {
        err.println(
            "list: no recordings under "
                + request.root()
                + " fit layout "
                + request.layout()
                + (scan.filtered() > 0 ? " and the filters (" + scan.filtered() + " filtered out)" : ""));
        reportMismatches(scan, err);
        return 1;
      }
      write(scan.rows(), request.output());
      err.printf(
          "list: %d recordings of %d users written to %s (%d filtered out, %d not fitting the layout)%n",
          scan.rows().size(),
          scan.rows().stream().map(ListingRow::userId).distinct().count(),
          request.output(),
          scan.filtered(),
          scan.mismatches().size());
      reportMismatches(scan, err);
      return 0;
    } catch (IOException e) {
      err.println("list: " + e.getMessage());
      return 1;
    }
  }

  private static void reportMismatches(RecordingScan scan, PrintStream err) {
    List<String> bad = scan.mismatches();
    if (bad.isEmpty()) {
      return;
    }
    err.println("list: " + bad.size() + " files do not fit the layout and were not listed:");
    bad.stream().limit(MAX_REPORTED).forEach(line -> err.println("  " + line));
    if (bad.size() > MAX_REPORTED) {
      err.println("  ... and " + (bad.size() - MAX_REPORTED) + " more");
    }
  }

  /** Local outputs go through a temp file and an atomic rename; others through FileSystems. */
  static void write(List<ListingRow> rows, String output) throws IOException {
    StringBuilder text = new StringBuilder();
    for (ListingRow row : rows) {
      text.append(row.toJson()).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    if (!Locations.hasScheme(output)) {
      Path target = Path.of(output).toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    ResourceId target = FileSystems.matchNewResource(output, false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(target, "application/jsonl"))) {
      os.write(bytes);
    }
  }

  /** Validated arguments of one {@code list} run. */
  record ListRequest(
      String root,
      String output,
      RecordingLayout layout,
      Set<String> users,
      LocalDate from,
      LocalDate to) {
    static ListRequest of(CommandArgs args) throws UsageException {
      String root = args.required("root");
      String output = args.required("output");
      RecordingLayout layout = RecordingLayout.parse(args.value("layout", RecordingLayout.DEFAULT));
      Set<String> users = new TreeSet<>();
      String usersArg = args.value("users");
      if (usersArg != null) {
        Arrays.stream(usersArg.split(",")).map(String::trim).filter(u -> !u.isEmpty()).forEach(users::add);
        if (users.isEmpty()) {
          throw new UsageException("--users is empty");
        }
      }
      LocalDate from = date(args, "from");
      LocalDate to = date(args, "to");
      if (from != null && to != null && from.isAfter(to)) {
        throw new UsageException("--from " + from + " is after --to " + to);
      }
      return new ListRequest(root, output, layout, users, from, to);
    }

    private static LocalDate date(CommandArgs args, String name) throws UsageException {
      String v = args.value(name);
      if (v == null) {
        return null;
      }
      try {
        return LocalDate.parse(v.trim());
      } catch (DateTimeParseException e) {
        throw new UsageException("--" + name + " must be a UTC date yyyy-MM-dd, got " + v);
      }
    }

    boolean accepts(RecordingLayout.Match m) {
      return (users.isEmpty() || users.contains(m.userId()))
          && (from == null || !m.date().isBefore(from))
          && (to == null || !m.date().isAfter(to));
    }
  }

  /** What a scan of the root found. */
  record RecordingScan(List<ListingRow> rows, int filtered, List<String> mismatches) {
    static RecordingScan scan(ListRequest request) throws IOException {
      String root = request.root().replaceAll("/+$", "");
      if (!Locations.hasScheme(root)) {
        Path local = Path.of(root).toAbsolutePath().normalize();
        if (!Files.isDirectory(local)) {
          throw new IOException("--root " + request.root() + " is not a directory");
        }
        root = local.toString();
      }
      String output = Locations.hasScheme(request.output())
          ? request.output()
          : Path.of(request.output()).toAbsolutePath().normalize().toString();
      MatchResult result = FileSystems.match(root + "/**");
      if (result.status() == MatchResult.Status.NOT_FOUND) {
        return new RecordingScan(List.of(), 0, List.of());
      }
      if (result.status() != MatchResult.Status.OK) {
        throw new IOException("cannot list " + root + ": status " + result.status());
      }
      Set<String> seen = new LinkedHashSet<>();
      List<ListingRow> rows = new ArrayList<>();
      List<String> mismatches = new ArrayList<>();
      int filtered = 0;
      for (MatchResult.Metadata md : result.metadata()) {
        String uri = md.resourceId().toString();
        if (md.resourceId().isDirectory() || uri.equals(output) || !seen.add(uri)) {
          continue;
        }
        String relative = uri.startsWith(root + "/") ? uri.substring(root.length() + 1) : uri;
        RecordingLayout.Match match;
        try {
          match = request.layout().match(relative);
        } catch (IllegalArgumentException e) {
          mismatches.add(uri + ": " + e.getMessage());
          continue;
        }
        if (!request.accepts(match)) {
          filtered++;
          continue;
        }
        rows.add(new ListingRow(match.userId(), uri, match.start()));
      }
      rows.sort(ListingRow.ORDER);
      mismatches.sort(String::compareTo);
      return new RecordingScan(List.copyOf(rows), filtered, List.copyOf(mismatches));
    }
  }
}
