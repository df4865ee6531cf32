package dev.earmark.pipeline.slices;

import dev.earmark.transforms.listing.ListingSlice;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One job of a run: whole nights, numbered {@code index} of {@code count} from 1. {@link #part}
 * names its metrics and dead-letter shards ({@code memory-s0003-...}); an unsliced run has none,
 * so its files keep their plain names. The first slice also reports the listing's bad rows.
 */
public record Slice(int index, int count, List<NightLoad> nights) {
  public Slice {
    nights = List.copyOf(nights);
  }

  /** The whole listing in one job. */
  public static Slice whole() {
    return new Slice(1, 1, List.of());
  }

  public boolean sliced() {
    return count > 1;
  }

  /** The shard name part, {@code s0003}, or null for an unsliced run. */
  public String part() {
    return sliced() ? String.format("s%04d", index) : null;
  }

  public ListingSlice listingSlice() {
    if (!sliced()) {
      return ListingSlice.ALL;
    }
    Set<String> keys = nights.stream().map(NightLoad::night).collect(Collectors.toSet());
    return new ListingSlice(keys, index == 1);
  }

  public long windows() {
    return nights.stream().mapToLong(NightLoad::windows).sum();
  }

  public long recordings() {
    return nights.stream().mapToLong(NightLoad::recordings).sum();
  }
}
