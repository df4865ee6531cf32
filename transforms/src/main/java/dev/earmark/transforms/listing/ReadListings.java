package dev.earmark.transforms.listing;

import dev.earmark.transforms.failures.FailureRouter;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.ListingLine;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.RecordingCoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Min;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads listing files matching a glob ({@code .csv} with a header row, anything else JSON Lines)
 * into {@link Recording}s, each with the listing file and line it was read from, keeping those
 * that pass the {@link Filter}. Bad rows become dead letters with the listing file, line number,
 * reason and the row's user id and uri.
 */
public class ReadListings
    extends PTransform<PBegin, WithFailures.Result<PCollection<Recording>, DeadLetter>> {
  static final String STAGE = "ReadListings";

  /** Backfill filter: users (empty = all) and an inclusive UTC date range (nulls = open). */
  public record Filter(Set<String> users, LocalDate from, LocalDate to) implements Serializable {
    public static final Filter ALL = new Filter(Set.of(), null, null);

    public Filter {
      users = Set.copyOf(users);
    }

    boolean accepts(Recording r) {
      return accepts(r.userId(), r.startTime().atOffset(ZoneOffset.UTC).toLocalDate());
    }

    /** Whether a recording of {@code userId} starting on UTC day {@code day} passes. */
    public boolean accepts(String userId, LocalDate day) {
      return (users.isEmpty() || users.contains(userId))
          && (from == null || !day.isBefore(from))
          && (to == null || !day.isAfter(to));
    }
  }

  private final String filepattern;
  private final Filter filter;
  private final TupleTag<Recording> recordingsTag = new TupleTag<Recording>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public ReadListings(String filepattern, Filter filter) {
    this.filepattern = filepattern;
    this.filter = filter;
  }

  @Override
  public WithFailures.Result<PCollection<Recording>, DeadLetter> expand(PBegin input) {
    PCollectionTuple parsed =
        input
            .apply("MatchListings",
                FileIO.match().filepattern(filepattern).withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            .apply("OpenListings", FileIO.readMatches())
            .apply("ParseListingRows",
                ParDo.of(new ParseListingFn(filter, recordingsTag, failuresTag))
                    .withOutputTags(recordingsTag, TupleTagList.of(failuresTag)));
    // Overlapping listings of a backfill list some recordings twice; classifying one twice would
    // duplicate its events and race two writers onto the same clip names. The row kept is the first
    // by listing file and line, so every run names the same row in the recording's dead letters.
    PCollection<Recording> unique =
        parsed.get(recordingsTag)
            .apply("KeyByRecording", WithKeys.of(Recording::key).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), RecordingCoder.of()))
            .apply("DropDuplicateRows", Min.perKey(new FirstListed()))
            .apply("DropKeys", Values.create());
    return WithFailures.Result.of(unique, parsed.get(failuresTag));
  }

  /** Orders the rows of one recording: first listing file, then first line. */
  static final class FirstListed implements Comparator<Recording>, Serializable {
    private static final Comparator<Recording> ORDER =
        Comparator.comparing(Recording::listedAt, Comparator.nullsLast(ListingLine.ORDER));

    @Override
    public int compare(Recording a, Recording b) {
      return ORDER.compare(a, b);
    }
  }

  /** Streams one listing file line by line. */
  private static class ParseListingFn extends DoFn<FileIO.ReadableFile, Recording> {
    private final Counter rowsRead = Metrics.counter(ParseListingFn.class, "recordingsListed");
    private final Counter rowsFiltered = Metrics.counter(ParseListingFn.class, "recordingsFilteredOut");
    private final FailureRouter failures = new FailureRouter(STAGE);
    private final Filter filter;
    private final TupleTag<Recording> recordingsTag;
    private final TupleTag<DeadLetter> failuresTag;

    ParseListingFn(Filter filter, TupleTag<Recording> recordingsTag, TupleTag<DeadLetter> failuresTag) {
      this.filter = filter;
      this.recordingsTag = recordingsTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      ResourceId listing = file.getMetadata().resourceId();
      String name = listing.toString();
      boolean csv = name.toLowerCase().endsWith(".csv");
      // A listing we matched but cannot read is an infrastructure fault: let Beam retry or fail.
      try (BufferedReader reader = new BufferedReader(
          Channels.newReader(file.open(), StandardCharsets.UTF_8))) {
        List<String> header = null;
        long lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lineNo++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          try {
            if (csv && header == null) {
              header = ListingRows.splitCsv(line.replace("\uFEFF", ""));
              continue;
            }
            Map<String, String> fields =
                csv ? ListingRows.parseCsv(header, line) : ListingRows.parseJson(line);
            Recording r = ListingRows.toRecording(fields, new ListingLine(name, lineNo));
            if (filter.accepts(r)) {
              rowsRead.inc();
              out.get(recordingsTag).output(r);
            } else {
              rowsFiltered.inc();
            }
          } catch (ListingRows.BadRow e) {
            failures.reject(DeadLetter.forRow(name, lineNo, e.userId, e.uri, STAGE, e.reason, e.getMessage()), out.get(failuresTag));
          }
        }
      }
    }

  }
}
