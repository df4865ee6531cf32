package dev.earmark.transforms.listing;

import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.Recording;
import java.io.Serializable;
import java.util.Set;

/**
 * The part of a listing one job of a sliced run takes: whole nights ({@code <user_id>/<yyyy-MM-dd>},
 * {@link RecordingPaths#night}), so that every night's table is written by one job from all its
 * recordings. Bad rows and rows the run's filter leaves out belong to no slice; the slice with
 * {@code badRows} reports them (dead letters, the filtered-out count), so each is told once however
 * many slices read the listing.
 */
public record ListingSlice(Set<String> nights, boolean badRows) implements Serializable {
  /** The whole listing: an unsliced run. */
  public static final ListingSlice ALL = new ListingSlice(null, true);

  public ListingSlice {
    nights = nights == null ? null : Set.copyOf(nights);
  }

  public boolean contains(Recording r) {
    return nights == null || nights.contains(RecordingPaths.night(r));
  }
}
