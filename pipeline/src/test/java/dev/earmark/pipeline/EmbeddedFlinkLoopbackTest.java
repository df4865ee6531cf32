package dev.earmark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.pipeline.ListeningSockets.Listener;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earmark run --runner=FlinkRunner --flinkMaster=[local]} through {@link Main} opens its
 * embedded cluster's ports (BLOB server, REST endpoint) on loopback only: a laptop on a shared
 * network offers nothing. A probe thread lists this JVM's listening TCP sockets (IPv4 and IPv6)
 * every few milliseconds while the job runs, since the cluster closes them when the job ends.
 */
class EmbeddedFlinkLoopbackTest {
  @TempDir static Path tmp;

  @Test
  void theProbeSeesWildcardAndLoopbackListenersOfThisJvm() throws Exception {
    try (ServerSocket any = new ServerSocket(0);
        ServerSocket loopback = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Set<Listener> listeners = ListeningSockets.ofThisProcess();
      assertTrue(listeners.stream().anyMatch(l -> l.port() == any.getLocalPort() && l.address().isAnyLocalAddress()),
          "wildcard listener on " + any.getLocalPort() + " in " + listeners);
      assertTrue(listeners.stream().anyMatch(l -> l.port() == loopback.getLocalPort() && l.address().isLoopbackAddress()),
          "loopback listener on " + loopback.getLocalPort() + " in " + listeners);
    }
  }

  @Test
  void anEmbeddedFlinkRunListensOnLoopbackOnly() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path ogg = TestAudio.toOgg(TestAudio.noiseAndTones(work, "night", 16000, 1, 10.0), in.resolve("alice/0100.ogg"), 3);
    Path listing = Files.writeString(in.resolve("listing.jsonl"),
        "{\"user_id\": \"alice\", \"uri\": \"" + ogg + "\", \"start_time\": \"2025-11-20T01:00:00Z\"}\n");
    Set<Long> before = ListeningSockets.ofThisProcess().stream().map(Listener::inode).collect(Collectors.toSet());

    Set<Listener> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Exception> probeFailure = new AtomicReference<>();
    Thread probe = new Thread(() -> {
      try {
        while (running.get()) {
          seen.addAll(ListeningSockets.ofThisProcess());
          Thread.sleep(10);
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        probeFailure.set(e);
      }
    }, "listening-sockets-probe");
    probe.setDaemon(true);
    probe.start();
    int code;
    try {
      code = Main.run(new String[] {"run", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2",
          "--listing=" + listing, "--output=" + tmp.resolve("out"), "--model=" + RealModel.tflite(),
          "--runId=loopback"});
    } finally {
      running.set(false);
      probe.join();
    }
    assertEquals(null, probeFailure.get(), "the probe read /proc");
    assertEquals(0, code, "the run succeeded");

    List<Listener> ofTheRun = seen.stream().filter(l -> !before.contains(l.inode())).toList();
    assertFalse(ofTheRun.isEmpty(), "the probe saw the embedded cluster's listeners");
    List<Listener> exposed = ofTheRun.stream().filter(l -> !l.address().isLoopbackAddress()).toList();
    assertEquals(List.of(), exposed, "listeners beyond loopback; all of the run's: " + ofTheRun);
  }
}
