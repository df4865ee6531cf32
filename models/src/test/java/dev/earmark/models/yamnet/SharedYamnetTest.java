package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SharedYamnetTest {
  @Test
  void concurrentAcquiresLoadOnceAndLastReleaseCloses() throws Exception {
    ModelConfig config = ModelConfig.of(RealModel.tflite().toString());
    int before = SharedYamnet.loadCount();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    float[] clip = TestSignals.whiteNoise(2, 5);
    List<Future<YamnetModel>> futures = new ArrayList<>();
    List<float[][]> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      futures.add(pool.submit(() -> {
        YamnetModel m = SharedYamnet.acquire(config);
        results.add(m.classify(clip)); // concurrent Session.run on one model
        return m;
      }));
    }
    YamnetModel first = futures.get(0).get();
    for (Future<YamnetModel> f : futures) {
      assertSame(first, f.get());
    }
    float[][] reference = first.classify(clip);
    for (float[][] r : results) {
      for (int p = 0; p < r.length; p++) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(reference[p], r[p], 1e-6f,
            "concurrent classify must equal a lone call");
      }
    }
    pool.shutdown();
    assertEquals(before + 1, SharedYamnet.loadCount(), "one load for 8 acquires");
    assertEquals(8, SharedYamnet.refCount(config));
    for (int i = 0; i < 8; i++) {
      SharedYamnet.release(config);
    }
    assertEquals(0, SharedYamnet.refCount(config));
    assertThrows(IllegalStateException.class, () -> first.classify(TestSignals.silence(1)),
        "last release closes the model");
    assertThrows(IllegalStateException.class, () -> SharedYamnet.release(config));
    YamnetModel again = SharedYamnet.acquire(config);
    assertEquals(before + 2, SharedYamnet.loadCount(), "re-acquire after close loads again");
    SharedYamnet.release(config);
    again.close(); // idempotent after release closed it
  }

  @Test
  void awaitAllReleasedWaitsForTheLastHolderElsewhere() throws Exception {
    ModelConfig config = ModelConfig.of(RealModel.tflite().toString());
    SharedYamnet.acquire(config);
    assertFalse(SharedYamnet.awaitAllReleased(Duration.ofMillis(50)), "held: the wait times out");
    Thread teardown = new Thread(() -> {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      SharedYamnet.release(config);
    });
    teardown.start();
    assertTrue(SharedYamnet.awaitAllReleased(Duration.ofSeconds(30)), "released on another thread");
    assertEquals(0, SharedYamnet.refCount(config));
    teardown.join();
  }
}
