package dev.earmark.pipeline.slices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.transforms.listing.ListingSlice;
import dev.earmark.transforms.values.Recording;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Slices hold whole nights, in user and date order, within the window budget unless one night exceeds it. */
class RunPlanTest {
  private static NightLoad night(String key, long windows) {
    return new NightLoad(key, windows, windows, windows * 60_000);
  }

  @Test
  void nightsArePackedInOrderWithinTheBudget() {
    RunPlan plan = RunPlan.pack(List.of(night("bob/2025-11-02", 40), night("alice/2025-11-02", 30),
        night("alice/2025-11-01", 50), night("carol/2025-11-01", 90)), 100);
    assertEquals(3, plan.slices().size());
    assertEquals(List.of("alice/2025-11-01", "alice/2025-11-02"), keys(plan.slices().get(0)));
    assertEquals(List.of("bob/2025-11-02"), keys(plan.slices().get(1)));
    assertEquals(List.of("carol/2025-11-01"), keys(plan.slices().get(2)));
    assertEquals(210, plan.windows());
    assertEquals("s0002", plan.slices().get(1).part());
    assertEquals(3, plan.slices().get(2).count());
  }

  @Test
  void aNightLargerThanTheBudgetIsNeverSplit() {
    RunPlan plan = RunPlan.pack(List.of(night("a/2025-11-01", 10), night("b/2025-11-01", 500),
        night("c/2025-11-01", 10)), 100);
    assertEquals(List.of(10L, 500L, 10L), plan.slices().stream().map(Slice::windows).toList());
  }

  @Test
  void whatFitsInOneSliceIsAnUnslicedRun() {
    RunPlan plan = RunPlan.pack(List.of(night("a/2025-11-01", 10), night("b/2025-11-01", 20)), 100);
    assertFalse(plan.sliced());
    Slice only = plan.slices().get(0);
    assertNull(only.part(), "an unsliced run keeps its shard names");
    assertEquals(ListingSlice.ALL, only.listingSlice());
    assertEquals(30, plan.windows());
    assertFalse(RunPlan.pack(List.of(), 100).sliced());
  }

  @Test
  void theFirstSliceReportsBadRowsAndEachSliceTakesOnlyItsNights() {
    RunPlan plan = RunPlan.pack(List.of(night("a/2025-11-01", 60), night("b/2025-11-01", 60)), 100);
    ListingSlice first = plan.slices().get(0).listingSlice();
    ListingSlice second = plan.slices().get(1).listingSlice();
    assertTrue(first.badRows());
    assertFalse(second.badRows());
    assertEquals(Set.of("a/2025-11-01"), first.nights());
    Recording a = new Recording("a", "/x/a.ogg", Instant.parse("2025-11-01T23:30:00Z"), null);
    Recording aNextDay = new Recording("a", "/x/a2.ogg", Instant.parse("2025-11-02T00:30:00Z"), null);
    assertTrue(first.contains(a));
    assertFalse(second.contains(a));
    assertFalse(first.contains(aNextDay), "a night is a UTC date");
  }

  private static List<String> keys(Slice s) {
    return s.nights().stream().map(NightLoad::night).toList();
  }
}
