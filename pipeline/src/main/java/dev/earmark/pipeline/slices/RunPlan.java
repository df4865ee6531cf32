package dev.earmark.pipeline.slices;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A run cut into slices of whole nights, each at most {@code maxWindows} windows unless one night
 * alone holds more (a night is never split: its table is written from all its recordings at once).
 * Nights are packed in order of user and date, so the same listing gives the same slices.
 */
public record RunPlan(List<Slice> slices, long recordings, long windows, long audioMillis) {
  public RunPlan {
    slices = List.copyOf(slices);
  }

  /** One job for the whole listing, totals unknown: what runners that spill to disk get. */
  public static RunPlan unsliced() {
    return new RunPlan(List.of(Slice.whole()), 0, 0, 0);
  }

  public boolean sliced() {
    return slices.size() > 1;
  }

  /** Packs {@code nights} greedily into slices of at most {@code maxWindows} windows. */
  public static RunPlan pack(List<NightLoad> nights, long maxWindows) {
    List<NightLoad> ordered = new ArrayList<>(nights);
    ordered.sort(Comparator.comparing(NightLoad::night));
    List<List<NightLoad>> groups = new ArrayList<>();
    List<NightLoad> current = new ArrayList<>();
    long windows = 0;
    for (NightLoad night : ordered) {
      if (!current.isEmpty() && windows + night.windows() > maxWindows) {
        groups.add(current);
        current = new ArrayList<>();
        windows = 0;
      }
      current.add(night);
      windows += night.windows();
    }
    if (!current.isEmpty() || groups.isEmpty()) {
      groups.add(current);
    }
    List<Slice> slices = new ArrayList<>();
    if (groups.size() == 1) {
      slices.add(Slice.whole()); // one slice is an unsliced run: same job, same file names as without a plan
    } else {
      for (int i = 0; i < groups.size(); i++) {
        slices.add(new Slice(i + 1, groups.size(), groups.get(i)));
      }
    }
    return new RunPlan(slices, total(ordered, NightLoad::recordings), total(ordered, NightLoad::windows),
        total(ordered, NightLoad::audioMillis));
  }

  private static long total(List<NightLoad> nights, ToLongFunction<NightLoad> f) {
    return nights.stream().mapToLong(f).sum();
  }
}
