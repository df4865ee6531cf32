package dev.earmark.transforms.listing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.ListingLine;
import dev.earmark.transforms.values.Recording;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ReadListingsTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  static final String[] JSONL = {
    "{\"user_id\": \"alice\", \"uri\": \"/data/alice/0530.ogg\", \"start_time\": \"2025-11-20T05:30:00Z\"}",
    "",
    "{\"user_id\": \"alice\", \"uri\": \"/data/alice/0600.ogg\", \"start_time\": \"2025-11-20T07:00:00+01:00\", \"duration_s\": 1800}",
    "THIS IS A PARSE ERROR",
    "{\"user_id\": \"bob\", \"start_time\": \"2025-11-20T05:30:00Z\"}",
    "{\"user_id\": \"bob\", \"uri\": \"/data/bob/x.ogg\", \"start_time\": \"yesterday\"}",
    "{\"user_id\": \"../../etc\", \"uri\": \"/data/x.ogg\", \"start_time\": \"2025-11-20T05:30:00Z\"}",
    "{\"user_id\": \"bob\", \"uri\": \"/data/bob/y.ogg\", \"start_time\": \"2025-11-21T01:00:00Z\", \"duration_s\": -3}",
    "[1, 2]",
    "{\"user_id\": \"bob\", \"uri\": \"gs://bucket/bob/2025-11-22/0100.ogg\", \"start_time\": \"2025-11-22T01:00:00Z\"}",
    // Listed twice (overlapping backfill listings): kept once.
    "{\"user_id\": \"bob\", \"uri\": \"gs://bucket/bob/2025-11-22/0100.ogg\", \"start_time\": \"2025-11-22T01:00:00Z\"}",
    // 12: relative: it would mean another file on every worker.
    "{\"user_id\": \"alice\", \"uri\": \"chunks/0630.ogg\", \"start_time\": \"2025-11-20T06:30:00Z\"}",
    // 13: wrong JSON types.
    "{\"user_id\": 42, \"uri\": [\"/a.ogg\"], \"start_time\": \"2025-11-20T06:30:00Z\", \"duration_s\": \"long\"}",
    // 14: an impossible date; 15: a truncated line; 16: no UTC offset.
    "{\"user_id\": \"alice\", \"uri\": \"/data/alice/0700.ogg\", \"start_time\": \"2025-02-30T07:00:00Z\"}",
    "{\"user_id\": \"alice\", \"uri\": \"/data/alice/07",
    "{\"user_id\": \"alice\", \"uri\": \"/data/alice/0730.ogg\", \"start_time\": \"2025-11-20T07:30:00\"}",
  };

  static final String[] CSV = {
    "user_id,uri,start_time,duration_s",
    "carol,\"/data/carol/a,b.ogg\",2025-11-20T03:00:00Z,",
    "carol,/data/carol/c.ogg",
    "carol,/data/carol/d.ogg,2025-11-20T03:30:00Z,\"12.5\"",
    "carol,\"/data/carol/e.ogg,2025-11-20T04:00:00Z,",
  };

  private String write(String name, String... lines) throws IOException {
    File f = new File(tmp.getRoot(), name);
    Files.writeString(f.toPath(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return f.getPath();
  }

  @Test
  public void parsesGoodRowsAndDeadLettersBadOnesWithFileAndLine() throws IOException {
    String jsonl = write("night.jsonl", JSONL);
    String csv = write("night.csv", CSV);
    WithFailures.Result<PCollection<Recording>, DeadLetter> result =
        p.apply(new ReadListings(tmp.getRoot().getPath() + "/night.*", ReadListings.Filter.ALL));

    // Each with the row it was read from; bob's, listed on lines 10 and 11, with line 10.
    PAssert.that(result.output()).containsInAnyOrder(
        new Recording("alice", "/data/alice/0530.ogg", Instant.parse("2025-11-20T05:30:00Z"), null,
            new ListingLine(jsonl, 1)),
        new Recording("alice", "/data/alice/0600.ogg", Instant.parse("2025-11-20T06:00:00Z"), 1800.0,
            new ListingLine(jsonl, 3)),
        new Recording("bob", "gs://bucket/bob/2025-11-22/0100.ogg", Instant.parse("2025-11-22T01:00:00Z"), null,
            new ListingLine(jsonl, 10)),
        new Recording("carol", "/data/carol/a,b.ogg", Instant.parse("2025-11-20T03:00:00Z"), null,
            new ListingLine(csv, 2)),
        new Recording("carol", "/data/carol/d.ogg", Instant.parse("2025-11-20T03:30:00Z"), 12.5,
            new ListingLine(csv, 4)));
    PAssert.that(result.failures().apply(MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter d) -> new File(d.listingFile()).getName() + ":" + d.line() + ":" + d.error() + ":" + d.stage())))
        .containsInAnyOrder(
            "night.jsonl:4:MALFORMED_ROW:ReadListings",
            "night.jsonl:5:MISSING_FIELD:ReadListings",
            "night.jsonl:6:BAD_TIMESTAMP:ReadListings",
            "night.jsonl:7:UNSAFE_USER_ID:ReadListings",
            "night.jsonl:8:BAD_DURATION:ReadListings",
            "night.jsonl:9:MALFORMED_ROW:ReadListings",
            "night.jsonl:12:RELATIVE_URI:ReadListings",
            "night.jsonl:13:WRONG_TYPE:ReadListings",
            "night.jsonl:14:BAD_TIMESTAMP:ReadListings",
            "night.jsonl:15:MALFORMED_ROW:ReadListings",
            "night.jsonl:16:BAD_TIMESTAMP:ReadListings",
            "night.csv:3:MALFORMED_ROW:ReadListings",
            "night.csv:5:MALFORMED_ROW:ReadListings");
    PAssert.that(result.failures()).satisfies(all -> {
      List<DeadLetter> list = new ArrayList<>();
      all.forEach(list::add);
      for (DeadLetter d : list) {
        // The message names the file and line so a user can fix the row.
        assertEquals(true, d.message().startsWith(d.listingFile() + ":" + d.line() + ": "));
        if (d.listingFile().endsWith("night.csv") && d.line() == 5) {
          assertTrue(d.message(), d.message().contains("unterminated quote"));
        }
        // The row's user and uri as written, when it had them (data, never used as paths).
        String seen = d.userId() + " " + d.uri();
        switch (d.listingFile().endsWith("night.jsonl") ? (int) d.line() : -1) {
          case 4, 9, 15 -> assertEquals("null null", seen);
          case 5 -> assertEquals("bob null", seen);
          case 7 -> assertEquals("../../etc /data/x.ogg", seen);
          case 12 -> assertEquals("alice chunks/0630.ogg", seen);
          case 13 -> {
            assertEquals("null null", seen);
            assertTrue(d.message(), d.message().endsWith("wrong JSON types: user_id is a number, not a string; "
                + "uri is an array, not a string; duration_s is a string, not a number"));
          }
          case 14 -> assertEquals("alice /data/alice/0700.ogg", seen);
          default -> { }
        }
      }
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  public void aRecordingListedOnSeveralRowsIsKeptOnceFromItsFirstRowByFileThenLine() throws IOException {
    String row = "{\"user_id\": \"bob\", \"uri\": \"/data/bob/0100.ogg\", \"start_time\": \"2025-11-22T01:00:00Z\"";
    String other = "{\"user_id\": \"carol\", \"uri\": \"/data/bob/0100.ogg\", \"start_time\": \"2025-11-22T01:00:00Z\"}";
    // Overlapping backfill listings: b lists bob's recording first by line, a lists it first by file.
    String b = write("overlap-b.jsonl", row + ", \"duration_s\": 1}", row + ", \"duration_s\": 2}");
    String a = write("overlap-a.jsonl", other, row + ", \"duration_s\": 3}", row + ", \"duration_s\": 4}");
    assertTrue(a.compareTo(b) < 0);
    WithFailures.Result<PCollection<Recording>, DeadLetter> result =
        p.apply(new ReadListings(tmp.getRoot().getPath() + "/overlap-*.jsonl", ReadListings.Filter.ALL));
    Instant start = Instant.parse("2025-11-22T01:00:00Z");
    PAssert.that(result.output()).containsInAnyOrder(
        new Recording("bob", "/data/bob/0100.ogg", start, 3.0, new ListingLine(a, 2)),
        // The same file under another user is another recording.
        new Recording("carol", "/data/bob/0100.ogg", start, null, new ListingLine(a, 1)));
    PAssert.that(result.failures()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void filtersByUserAndInclusiveUtcDateRange() throws IOException {
    String jsonl = write("filter.jsonl",
        "{\"user_id\": \"alice\", \"uri\": \"/a1.ogg\", \"start_time\": \"2025-11-19T23:59:59Z\"}",
        "{\"user_id\": \"alice\", \"uri\": \"/a2.ogg\", \"start_time\": \"2025-11-20T00:00:00Z\"}",
        "{\"user_id\": \"alice\", \"uri\": \"/a3.ogg\", \"start_time\": \"2025-11-21T23:59:59Z\"}",
        "{\"user_id\": \"alice\", \"uri\": \"/a4.ogg\", \"start_time\": \"2025-11-22T00:30:00+01:00\"}",
        "{\"user_id\": \"alice\", \"uri\": \"/a5.ogg\", \"start_time\": \"2025-11-22T00:00:00Z\"}",
        "{\"user_id\": \"bob\", \"uri\": \"/b1.ogg\", \"start_time\": \"2025-11-20T05:00:00Z\"}",
        "{\"user_id\": \"carol\", \"uri\": \"/c1.ogg\", \"start_time\": \"2025-11-20T05:00:00Z\"}");
    ReadListings.Filter filter =
        new ReadListings.Filter(Set.of("alice", "bob"), LocalDate.parse("2025-11-20"), LocalDate.parse("2025-11-21"));
    WithFailures.Result<PCollection<Recording>, DeadLetter> result = p.apply(new ReadListings(jsonl, filter));
    PAssert.that(result.output().apply(MapElements.into(TypeDescriptors.strings()).via(Recording::uri)))
        .containsInAnyOrder("/a2.ogg", "/a3.ogg", "/a4.ogg", "/b1.ogg");
    PAssert.that(result.failures()).empty();
    p.run().waitUntilFinish();
  }
}
