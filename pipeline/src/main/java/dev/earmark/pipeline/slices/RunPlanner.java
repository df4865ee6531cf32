package dev.earmark.pipeline.slices;

import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.listing.ListingFile;
import dev.earmark.transforms.listing.ListingRows;
import dev.earmark.transforms.listing.ReadListings;
import dev.earmark.transforms.output.RecordingPaths;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.windows.SplitIntoWindows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Plans a run on the launcher: reads the listing as the job will (same rows, same filter), probes
 * every recording's length (a header read, as the job's first step does) on a few threads, and
 * packs whole nights into slices ({@link RunPlan#pack}). Bad rows and files that cannot be probed
 * are left to the job, which turns them into dead letters; an unprobeable file counts one window.
 */
public final class RunPlanner {
  /** What the console shows while planning: rows read and recordings probed so far. */
  public static final class Progress {
    private final AtomicLong listed = new AtomicLong();
    private final AtomicLong probed = new AtomicLong();

    public long listed() {
      return listed.get();
    }

    public long probed() {
      return probed.get();
    }
  }

  private final String listing;
  private final ReadListings.Filter filter;
  private final int patchesPerWindow;
  private final int threads;

  public RunPlanner(String listing, ReadListings.Filter filter, int patchesPerWindow, int threads) {
    this.listing = listing;
    this.filter = filter;
    this.patchesPerWindow = patchesPerWindow;
    this.threads = threads;
  }

  /** The plan for slices of at most {@code maxWindows} windows; throws when the listing cannot be read. */
  public RunPlan plan(long maxWindows, Progress progress) {
    Map<String, NightLoad> nights = new ConcurrentHashMap<>();
    // A bounded queue: the listing streams through the probes instead of piling up as tasks.
    ThreadPoolExecutor probes = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(4 * threads), r -> {
          Thread t = new Thread(r, "earmark-plan-probe");
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    try {
      for (MatchResult.Metadata file : listingFiles()) {
        String name = file.resourceId().toString();
        try (BufferedReader reader = new BufferedReader(
            Channels.newReader(FileSystems.open(file.resourceId()), StandardCharsets.UTF_8))) {
          ListingFile.read(name, reader, new ListingFile.Rows() {
            @Override
            public void recording(Recording r, long line) {
              if (filter.accepts(r)) {
                progress.listed.incrementAndGet();
                probes.execute(() -> {
                  count(nights, r);
                  progress.probed.incrementAndGet();
                });
              }
            }

            @Override
            public void badRow(ListingRows.BadRow row, long line) {}
          });
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read listing " + name + ": " + e.getMessage(), e);
        }
      }
    } finally {
      shutdown(probes);
    }
    return RunPlan.pack(new ArrayList<>(nights.values()), maxWindows);
  }

  private List<MatchResult.Metadata> listingFiles() {
    try {
      return FileSystems.match(List.of(listing), EmptyMatchTreatment.ALLOW).get(0).metadata();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + listing + ": " + e.getMessage(), e);
    }
  }

  private void count(Map<String, NightLoad> nights, Recording r) {
    long windows = 1;
    long audioMillis = 0;
    try {
      AudioInfo info = AudioFiles.probe(r.uri());
      long frames = SplitIntoWindows.frames(r, info);
      if (frames > 0) {
        windows = PatchGrid.windowCount(SplitIntoWindows.patches(frames, info.sampleRate()), patchesPerWindow);
        audioMillis = frames * 1000 / info.sampleRate();
      }
    } catch (IOException | RuntimeException e) {
      // The job probes it again and makes the dead letter; here it only takes its place in a slice.
    }
    String night = RecordingPaths.night(r);
    long w = windows;
    long a = audioMillis;
    nights.merge(night, new NightLoad(night, 1, w, a), (old, one) -> old.plus(1, w, a));
  }

  private static void shutdown(ExecutorService probes) {
    probes.shutdown();
    try {
      if (!probes.awaitTermination(1, TimeUnit.HOURS)) {
        throw new IllegalStateException("probing the listing's recordings did not finish in an hour");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing the listing's recordings", e);
    }
  }
}
