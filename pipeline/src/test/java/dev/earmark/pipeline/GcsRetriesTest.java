package dev.earmark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.api.client.util.NanoClock;
import com.google.api.client.util.Sleeper;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GcsRetriesTest {
  private static final long SECOND = 1_000_000_000L;

  /** Time that passes only while the retries sleep. */
  static final class FakeTime implements NanoClock, Sleeper {
    long nanos = 1;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public void sleep(long millis) {
      sleeps.add(millis);
      nanos += millis * 1_000_000;
    }
  }

  /** A store answering each attempt with the next status (the last one repeats); 0 = the connection fails. */
  static final class Store extends MockHttpTransport {
    final AtomicInteger attempts = new AtomicInteger();
    private final int[] statuses;

    Store(int... statuses) {
      this.statuses = statuses;
    }

    @Override
    public LowLevelHttpRequest buildRequest(String method, String url) {
      return new MockLowLevelHttpRequest(url) {
        @Override
        public LowLevelHttpResponse execute() throws IOException {
          int status = statuses[Math.min(attempts.getAndIncrement(), statuses.length - 1)];
          if (status == 0) {
            throw new ConnectException("Connection refused");
          }
          return new MockLowLevelHttpResponse().setStatusCode(status);
        }
      };
    }

    int get(HttpRequestInitializer initializer) throws IOException {
      return createRequestFactory(initializer)
          .buildGetRequest(new GenericUrl("http://127.0.0.1/storage/v1/b/bucket/o/x")).execute().getStatusCode();
    }
  }

  private static GcsRetries.BoundedRetries bounded(Duration budget, FakeTime time) {
    return new GcsRetries.BoundedRetries(null, budget, time, time);
  }

  @Test
  void a503ForAWhileIsRetriedUntilTheStoreAnswers() throws IOException {
    FakeTime time = new FakeTime();
    Store store = new Store(503, 503, 503, 200);
    assertEquals(200, store.get(bounded(Duration.ofSeconds(50), time)));
    assertEquals(4, store.attempts.get());
    assertEquals(3, time.sleeps.size(), "a backoff before each retry");
    assertTrue(time.nanos < 10 * SECOND, "0.5 s doubling, +-50%: " + time.sleeps);
  }

  @Test
  void connectionErrorsAndTooManyRequestsAreRetriedToo() throws IOException {
    FakeTime time = new FakeTime();
    Store store = new Store(0, 429, 0, 200);
    assertEquals(200, store.get(bounded(Duration.ofSeconds(50), time)));
    assertEquals(4, store.attempts.get());
  }

  @Test
  void aStoreThatStaysDownFailsTheRequestWhenTheBudgetIsSpent() {
    FakeTime time = new FakeTime();
    Store store = new Store(503);
    HttpResponseException e = assertThrows(HttpResponseException.class,
        () -> store.get(bounded(Duration.ofSeconds(10), time)));
    assertEquals(503, e.getStatusCode());
    assertTrue(store.attempts.get() > 3, "retried: " + store.attempts.get());
    assertEquals(10 * SECOND, time.nanos - 1, "the last backoff is cut to what is left of the budget: " + time.sleeps);
  }

  @Test
  void neverMoreThanBeamsTenRetries() {
    FakeTime time = new FakeTime();
    Store store = new Store(503);
    assertThrows(HttpResponseException.class, () -> store.get(bounded(Duration.ofHours(1), time)));
    assertEquals(11, store.attempts.get());
  }

  @Test
  void onceARequestGaveUpOthersFailAtTheirFirstErrorForABudget() throws IOException {
    FakeTime time = new FakeTime();
    GcsRetries.BoundedRetries retries = bounded(Duration.ofSeconds(10), time);
    assertThrows(HttpResponseException.class, () -> new Store(503).get(retries));
    Store next = new Store(503, 200);
    assertThrows(HttpResponseException.class, () -> next.get(retries));
    assertEquals(1, next.attempts.get(), "not retried: the store was just found down");
    assertEquals(200, new Store(200).get(retries), "a request that gets through is not affected");
    time.nanos += 10 * SECOND;
    Store later = new Store(503, 200);
    assertEquals(200, later.get(retries), "a budget later, errors are retried again");
    assertEquals(2, later.attempts.get());
  }

  @Test
  void otherAnswersGoToBeamsHandlers() {
    FakeTime time = new FakeTime();
    AtomicInteger asked = new AtomicInteger();
    HttpRequestInitializer beams = request -> request.setUnsuccessfulResponseHandler((req, res, retry) -> {
      asked.incrementAndGet();
      return false;
    });
    Store store = new Store(404);
    HttpResponseException e = assertThrows(HttpResponseException.class,
        () -> store.get(new GcsRetries.BoundedRetries(beams, Duration.ofSeconds(50), time, time)));
    assertEquals(404, e.getStatusCode());
    assertEquals(1, asked.get());
    assertEquals(List.of(), time.sleeps);
  }
}
