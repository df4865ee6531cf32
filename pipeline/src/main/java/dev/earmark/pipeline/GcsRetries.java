package dev.earmark.pipeline;

import com.google.api.client.http.HttpIOExceptionHandler;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpUnsuccessfulResponseHandler;
import com.google.api.client.util.BackOff;
import com.google.api.client.util.ExponentialBackOff;
import com.google.api.client.util.NanoClock;
import com.google.api.client.util.Sleeper;
import com.google.api.services.storage.Storage;
import com.google.cloud.hadoop.gcsio.GoogleCloudStorageReadOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.extensions.gcp.util.GcsUtil;
import org.apache.beam.sdk.extensions.gcp.util.Transport;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how long one gs:// request is retried ({@code --gcsRetrySeconds}). Beam's GCS client
 * retries a 5xx, a 429 or a connection error up to 10 times with exponential backoff (0.5 s
 * doubling up to 60 s, ±50%), and exposes no option for it: a request to a store that stays down
 * fails after 3 to 6 minutes, and a run makes such requests one after another (measured on the
 * demo night, 2026-12-07: 12 minutes from the store going down to exit 1). Here the same backoff
 * stops once the budget, counted from the request's first attempt, is spent (and after Beam's 10
 * retries at most), so a store that stays down fails a request in about the budget, and one that
 * recovers within it is not noticed. After a request gave up, a failed attempt of any other
 * request within the next budget is not retried: the store was just found down, and the runner
 * may work through many queued writes before it notices that the run has failed (the
 * DirectRunner handles a failure only when one of its busy threads is free). Other answers (401:
 * credentials refreshed; 4xx) go to Beam's handlers as before.
 *
 * <p>Installed as the options' {@link GcsUtil}: it serves this JVM, the launcher and the
 * DirectRunner's workers; runners that ship the options to other JVMs (Flink) build Beam's own
 * client there.
 */
public final class GcsRetries {
  private static final Logger LOG = LoggerFactory.getLogger(GcsRetries.class);

  private GcsRetries() {}

  /**
   * Gives {@code options} a bounded {@link GcsUtil} when one of the command's locations is on
   * gs:// ({@link GcsAccess#check} has made sure it can get through). Otherwise nothing: building
   * the client asks for credentials, which a local run must not; Beam then makes its own client
   * lazily if a gs:// path shows up later (a local listing naming gs:// recordings), with Beam's
   * retries.
   */
  public static void install(PipelineOptions options, Collection<String> locations) {
    boolean usesGcs = locations.stream().filter(Objects::nonNull)
        .anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith("gs://"));
    if (usesGcs) {
      GcsOptions gcs = options.as(GcsOptions.class);
      gcs.setGcsUtil(gcsUtil(gcs, Duration.ofSeconds(options.as(GcsRetryOptions.class).getGcsRetrySeconds())));
    }
  }

  /** What Beam's {@code GcsUtilFactory} builds, with every request's retries bounded by {@code budget}. */
  static GcsUtil gcsUtil(GcsOptions gcs, Duration budget) {
    Storage.Builder builder = Transport.newStorageClient(gcs);
    HttpRequestInitializer bounded = new BoundedRetries(builder.getHttpRequestInitializer(), budget);
    builder.setHttpRequestInitializer(bounded);
    GoogleCloudStorageReadOptions read = gcs.getGoogleCloudStorageReadOptions() == null
        ? GoogleCloudStorageReadOptions.DEFAULT : gcs.getGoogleCloudStorageReadOptions();
    // A read that breaks mid-stream is reopened with its own backoff (2 minutes by default).
    read = read.toBuilder().setBackoffMaxElapsedTimeMillis(
        (int) Math.min(budget.toMillis(), read.getBackoffMaxElapsedTimeMillis())).build();
    GcsUtil.GcsCountersOptions counters = GcsUtil.GcsCountersOptions.create(
        Boolean.TRUE.equals(gcs.getEnableBucketReadMetricCounter()) ? gcs.getGcsReadCounterPrefix() : null,
        Boolean.TRUE.equals(gcs.getEnableBucketWriteMetricCounter()) ? gcs.getGcsWriteCounterPrefix() : null);
    return GcsUtil.GcsUtilFactory.create(gcs, builder.build(), bounded, gcs.getExecutorService(),
        gcs.getGcpCredential(), gcs.getGcsUploadBufferSizeBytes(), counters, read);
  }

  /** Beam's initializer (credentials, timeouts, headers), then the retry handlers replaced by {@link Attempts}. */
  static final class BoundedRetries implements HttpRequestInitializer {
    private final HttpRequestInitializer beams;
    private final Duration budget;
    private final NanoClock clock;
    private final Sleeper sleeper;
    /** When a request of this client last gave up (clock nanos), or none. */
    private final AtomicLong lastGaveUp = new AtomicLong();
    private volatile boolean anyGaveUp;

    BoundedRetries(HttpRequestInitializer beams, Duration budget) {
      this(beams, budget, NanoClock.SYSTEM, Sleeper.DEFAULT);
    }

    BoundedRetries(HttpRequestInitializer beams, Duration budget, NanoClock clock, Sleeper sleeper) {
      this.beams = beams;
      this.budget = budget;
      this.clock = clock;
      this.sleeper = sleeper;
    }

    @Override
    public void initialize(HttpRequest request) throws IOException {
      if (beams != null) {
        beams.initialize(request);
      }
      Attempts attempts = new Attempts(request.getUnsuccessfulResponseHandler(), budget, clock, sleeper, this);
      request.setUnsuccessfulResponseHandler(attempts);
      request.setIOExceptionHandler(attempts);
    }

    /** Whether some request gave up less than a budget ago. */
    boolean storeJustFailed() {
      return anyGaveUp && clock.nanoTime() - lastGaveUp.get() < budget.toNanos();
    }

    void gaveUp() {
      lastGaveUp.set(clock.nanoTime());
      anyGaveUp = true;
    }
  }

  /** One request's retries: Beam's backoff, within the budget. */
  static final class Attempts implements HttpUnsuccessfulResponseHandler, HttpIOExceptionHandler {
    private final HttpUnsuccessfulResponseHandler others;
    private final long budgetNanos;
    private final NanoClock clock;
    private final Sleeper sleeper;
    private final long start;
    private final BackOff backOff;
    private final BoundedRetries client;
    private int retries;

    Attempts(HttpUnsuccessfulResponseHandler others, Duration budget, NanoClock clock, Sleeper sleeper,
        BoundedRetries client) {
      this.others = others;
      this.client = client;
      this.budgetNanos = budget.toNanos();
      this.clock = clock;
      this.sleeper = sleeper;
      this.start = clock.nanoTime();
      // Beam's RetryHttpRequestInitializer: 0.5 s, doubling, at most 60 s apart, +-50%.
      this.backOff = new ExponentialBackOff.Builder().setNanoClock(clock).setMultiplier(2).build();
    }

    @Override
    public boolean handleResponse(HttpRequest request, HttpResponse response, boolean supportsRetry)
        throws IOException {
      int code = response.getStatusCode();
      if (!retryable(code)) {
        return others != null && others.handleResponse(request, response, supportsRetry);
      }
      return supportsRetry && waitToRetry(request, "HTTP " + code);
    }

    @Override
    public boolean handleIOException(HttpRequest request, boolean supportsRetry) {
      return supportsRetry && waitToRetry(request, "a connection error");
    }

    /** As Beam's: 5xx, 429 and 0 (no answer) are worth another attempt. */
    static boolean retryable(int code) {
      return code == 0 || code / 100 == 5 || code == 429;
    }

    /** Sleeps until the next attempt and says yes, or says no once the budget is spent. */
    private boolean waitToRetry(HttpRequest request, String why) {
      long left = budgetNanos - (clock.nanoTime() - start);
      long next;
      try {
        next = backOff.nextBackOffMillis();
      } catch (IOException e) {
        next = BackOff.STOP;
      }
      if (client.storeJustFailed()) {
        LOG.debug("gs:// request failed with {}, not retried: another request gave up less than {} s ago: {} {}", why,
            budgetNanos / 1_000_000_000L, request.getRequestMethod(), request.getUrl());
        return false;
      }
      if (left <= 0 || next == BackOff.STOP) {
        client.gaveUp();
        LOG.warn("gs:// request failed with {} after {} retries in {} s (--gcsRetrySeconds={}): {} {}", why, retries,
            (clock.nanoTime() - start) / 1_000_000_000L, budgetNanos / 1_000_000_000L,
            request.getRequestMethod(), request.getUrl());
        return false;
      }
      try {
        sleeper.sleep(Math.min(next, Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      retries++;
      LOG.debug("gs:// request failed with {}, retry {}: {} {}", why, retries, request.getRequestMethod(), request.getUrl());
      return true;
    }
  }
}
