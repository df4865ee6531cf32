package dev.earmark.pipeline.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.transforms.listing.ReadListings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner reads the listing as the job does: filtered rows and bad rows take no place, and a
 * recording it cannot probe (the job makes its dead letter) counts one window in its night.
 */
class RunPlannerTest {
  @TempDir Path dir;

  @Test
  void plansTheRowsTheJobWillTake() throws IOException {
    Path listing = dir.resolve("listing.jsonl");
    Files.write(listing, List.of(
        "{\"user_id\": \"alice\", \"uri\": \"/nowhere/a1.ogg\", \"start_time\": \"2025-11-01T22:00:00Z\"}",
        "{\"user_id\": \"alice\", \"uri\": \"/nowhere/a2.ogg\", \"start_time\": \"2025-11-02T01:00:00Z\"}",
        "{\"user_id\": \"alice\", \"uri\": \"/nowhere/a3.ogg\", \"start_time\": \"2025-11-02T02:00:00Z\"}",
        "{\"user_id\": \"bob\", \"uri\": \"/nowhere/b1.ogg\", \"start_time\": \"2025-11-02T02:00:00Z\"}",
        "{\"user_id\": \"carol\", \"uri\": \"/nowhere/c1.ogg\", \"start_time\": \"2025-11-02T02:00:00Z\"}",
        "not json",
        "{\"user_id\": \"../etc\", \"uri\": \"/nowhere/x.ogg\", \"start_time\": \"2025-11-02T02:00:00Z\"}"));
    RunPlanner.Progress progress = new RunPlanner.Progress();
    ReadListings.Filter notCarol = new ReadListings.Filter(Set.of("alice", "bob"), null, null);
    RunPlan plan = new RunPlanner(listing.toString(), notCarol, 125, 2).plan(2, progress);
    assertEquals(4, progress.listed());
    assertEquals(4, progress.probed());
    assertEquals(4, plan.recordings());
    assertEquals(List.of(List.of("alice/2025-11-01"), List.of("alice/2025-11-02"), List.of("bob/2025-11-02")),
        plan.slices().stream().map(s -> s.nights().stream().map(NightLoad::night).toList()).toList());
    assertEquals(List.of(1L, 2L, 1L), plan.slices().stream().map(Slice::windows).toList());
  }
}
