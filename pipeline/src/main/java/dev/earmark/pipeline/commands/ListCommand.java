package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.RecordingFilterOptions;
import dev.earmark.transforms.listing.ReadListings;
import dev.earmark.transforms.output.Locations;
import dev.earmark.transforms.output.OutputFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code list}: builds a pipeline listing from a storage root laid out as {@code
 * <root>/<user>/<yyyy-MM-dd>/<HHmm>.ogg} (local or anything Beam's {@code FileSystems} reads, such
 * as {@code gs://}). Every file under the root is either listed, skipped by a filter, or reported
 * on stderr as not fitting the layout: nothing is dropped silently.
 */
public final class ListCommand implements Command<ListCommand.Options> {
  /** Files not fitting the layout printed one per line; the rest are only counted. */
  static final int MAX_REPORTED = 50;

  /** {@code list}'s options. */
  public interface Options extends RecordingFilterOptions {
    @Description("Storage root to scan (local directory or gs://bucket/prefix).")
    @Validation.Required
    String getRoot();

    void setRoot(String value);

    @Description("Listing file to write (local or gs://...): one JSONL row per recording, "
        + "{\"user_id\",\"uri\",\"start_time\"}, sorted by user, start time and uri.")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Path of a recording below the root; {user} = user id, {date} = yyyy-MM-dd, "
        + "{time} = HHmm or HHmmss, all UTC.")
    @Default.String(RecordingLayout.DEFAULT)
    String getLayout();

    void setLayout(String value);
  }

  @Override
  public String name() {
    return "list";
  }

  @Override
  public String summary() {
    return "Writes a listing of the recordings under a storage root laid out as "
        + "<root>/<user_id>/<yyyy-MM-dd>/<HHmm>.ogg: the input of `earmark run --listing=...`. "
        + "Files under the root that do not fit the layout are counted and listed on stderr.";
  }

  @Override
  public String synopsis() {
    return "--root=<dir or gs://bucket/prefix> --output=<listing.jsonl> [--layout=..] [--users=a,b] [--from=..] [--to=..]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err) throws IOException, UsageException {
    ListRequest request = ListRequest.of(options);
    RecordingScan scan = RecordingScan.scan(request);
    if (scan.rows().isEmpty()) {
      err.println(
          "list: no recordings under "
              + request.root()
              + " fit layout "
              + request.layout()
              + (scan.filtered() > 0 ? " and the filters (" + scan.filtered() + " filtered out)" : ""));
      reportMismatches(scan, err);
      return CommandLine.FAILED;
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

  /** The whole listing at once, so a reader never sees part of it. */
  static void write(List<ListingRow> rows, String output) throws IOException {
    StringBuilder text = new StringBuilder();
    for (ListingRow row : rows) {
      text.append(row.toJson()).append('\n');
    }
    String target = Locations.hasScheme(output) ? output : Path.of(output).toAbsolutePath().toString();
    OutputFiles.writeAtomically(FileSystems.matchNewResource(target, false), text.toString());
  }

  /** Validated arguments of one {@code list} run. */
  record ListRequest(String root, String output, RecordingLayout layout, ReadListings.Filter filter) {
    static ListRequest of(Options options) throws UsageException {
      RecordingLayout layout = RecordingLayout.parse(options.getLayout());
      ReadListings.Filter filter = RecordingFilterOptions.filter(options);
      if (options.getUsers() != null && filter.users().isEmpty()) {
        throw new UsageException("--users is empty");
      }
      if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
        throw new UsageException("--from " + filter.from() + " is after --to " + filter.to());
      }
      return new ListRequest(options.getRoot(), options.getOutput(), layout, filter);
    }

    boolean accepts(RecordingLayout.Match m) {
      return filter.accepts(m.userId(), m.date());
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
