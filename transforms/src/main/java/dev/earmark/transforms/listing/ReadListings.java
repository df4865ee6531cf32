package dev.earmark.transforms.listing;

import dev.earmark.transforms.failures.FailureRouter;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Recording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads listing files matching a glob ({@code .csv} with a header row, anything else JSON Lines)
 * into {@link Recording}s, each with the listing file and line it was read from, keeping those
 * that pass the {@link Filter} (and belong to the {@link ListingSlice}). Bad rows become dead
 * letters with the listing file, line number, reason and the row's user id and uri.
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

    public boolean accepts(Recording r) {
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
  private final ListingSlice slice;
  private final TupleTag<Recording> recordingsTag = new TupleTag<Recording>() {};
  private final TupleTag<DeadLetter> failuresTag = new TupleTag<DeadLetter>() {};

  public ReadListings(String filepattern, Filter filter) {
    this(filepattern, filter, ListingSlice.ALL);
  }

  /** Only the rows of {@code slice}: one job of a run split into slices. */
  public ReadListings(String filepattern, Filter filter, ListingSlice slice) {
    this.filepattern = filepattern;
    this.filter = filter;
    this.slice = slice;
  }

  @Override
  public WithFailures.Result<PCollection<Recording>, DeadLetter> expand(PBegin input) {
    PCollectionTuple parsed =
        input
            .apply("MatchListings",
                FileIO.match().filepattern(filepattern).withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            .apply("OpenListings", FileIO.readMatches())
            .apply("ParseListingRows",
                ParDo.of(new ParseListingFn(filter, slice, recordingsTag, failuresTag))
                    .withOutputTags(recordingsTag, TupleTagList.of(failuresTag)));
    PCollection<Recording> unique = parsed.get(recordingsTag).apply("DropDuplicateRows", new DropDuplicateRows());
    return WithFailures.Result.of(unique, parsed.get(failuresTag));
  }

  /** Streams one listing file line by line. */
  private static class ParseListingFn extends DoFn<FileIO.ReadableFile, Recording> {
    private final Counter rowsRead = Metrics.counter(ParseListingFn.class, "recordingsListed");
    private final Counter rowsFiltered = Metrics.counter(ParseListingFn.class, "recordingsFilteredOut");
    private final FailureRouter failures = new FailureRouter(STAGE);
    private final Filter filter;
    private final ListingSlice slice;
    private final TupleTag<Recording> recordingsTag;
    private final TupleTag<DeadLetter> failuresTag;

    ParseListingFn(Filter filter, ListingSlice slice, TupleTag<Recording> recordingsTag,
        TupleTag<DeadLetter> failuresTag) {
      this.filter = filter;
      this.slice = slice;
      this.recordingsTag = recordingsTag;
      this.failuresTag = failuresTag;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String name = file.getMetadata().resourceId().toString();
      // A listing we matched but cannot read is an infrastructure fault: let Beam retry or fail.
      try (BufferedReader reader = new BufferedReader(Channels.newReader(file.open(), StandardCharsets.UTF_8))) {
        ListingFile.read(name, reader, new ListingFile.Rows() {
          @Override
          public void recording(Recording r, long line) {
            if (!filter.accepts(r)) {
              if (slice.badRows()) { // counted once, by the slice that reports what no night holds
                rowsFiltered.inc();
              }
            } else if (slice.contains(r)) {
              rowsRead.inc();
              out.get(recordingsTag).output(r);
            }
          }

          @Override
          public void badRow(ListingRows.BadRow e, long line) {
            if (slice.badRows()) {
              failures.reject(DeadLetter.forRow(name, line, e.userId, e.uri, STAGE, e.reason, e.getMessage()),
                  out.get(failuresTag));
            }
          }
        });
      }
    }
  }
}
