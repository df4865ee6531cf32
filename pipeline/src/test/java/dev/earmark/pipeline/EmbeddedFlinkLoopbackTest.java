package dev.earmark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.pipeline.ListeningSockets.Listener;
import dev.earmark.pipeline.commands.CommandLine;
import dev.earmark.pipeline.commands.RunCommand;
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
import java.util.stream.Stream;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earmark run --runner=FlinkRunner --flinkMaster=[local]} through {@link Main} opens its
 * embedded cluster's ports (BLOB server, REST endpoint) on loopback only: a laptop on a shared
 * network offers nothing. A probe thread lists this JVM's listening TCP sockets (IPv4 and IPv6)
 * every few milliseconds while the job runs, since the cluster closes them when the job ends.
 * The Flink configuration behind it ({@link EmbeddedFlink}) is checked on parsed options alone.
 */
class EmbeddedFlinkLoopbackTest {
  @TempDir static Path tmp;

  private static FlinkPipelineOptions parse(String... runnerArgs) throws Exception {
    String[] args = Stream.concat(Stream.of(runnerArgs), Stream.of("--listing=a.jsonl", "--output=/tmp/x"))
        .toArray(String[]::new);
    return CommandLine.parse(new RunCommand(), args).as(FlinkPipelineOptions.class);
  }

  @Test
  void anEmbeddedRunGetsAFlinkConfigWithLoopbackBinds() throws Exception {
    for (String master : new String[] {"--flinkMaster=[local]", "--flinkMaster=[auto]"}) {
      Configuration conf = GlobalConfiguration.loadConfiguration(parse("--runner=FlinkRunner", master).getFlinkConfDir());
      for (String key : EmbeddedFlink.BIND_KEYS) {
        assertEquals("127.0.0.1", conf.getString(key, null), master + " " + key);
      }
    }
  }

  @Test
  void aGivenFlinkConfDirIsKeptAndItsOwnBindAddressesWin() throws Exception {
    Path given = Files.createDirectories(tmp.resolve("given-conf"));
    String own = "blob.offload.minsize: 0\nrest.bind-address: 127.0.0.2"; // no final newline
    Files.writeString(given.resolve("flink-conf.yaml"), own);
    String dir = parse("--runner=FlinkRunner", "--flinkMaster=[local]", "--flinkConfDir=" + given).getFlinkConfDir();

    Configuration conf = GlobalConfiguration.loadConfiguration(dir);
    assertEquals("0", conf.getString("blob.offload.minsize", null));
    assertEquals("127.0.0.2", conf.getString("rest.bind-address", null));
    assertEquals("127.0.0.1", conf.getString("jobmanager.bind-host", null));
    assertEquals("127.0.0.1", conf.getString("taskmanager.bind-host", null));
    assertEquals(own, Files.readString(given.resolve("flink-conf.yaml")), "the given file is not touched");
  }

  @Test
  void aMissingFlinkConfDirIsAUsageError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("--runner=FlinkRunner", "--flinkMaster=[local]", "--flinkConfDir=/nonexistent/conf"));
    assertTrue(e.getMessage().startsWith("--flinkConfDir=/nonexistent/conf: "), e.getMessage());
  }

  @Test
  void runsElsewhereKeepTheirFlinkConfig() throws Exception {
    assertNull(parse("--runner=DirectRunner").getFlinkConfDir());
    assertNull(parse("--runner=FlinkRunner", "--flinkMaster=localhost:8781").getFlinkConfDir());
  }

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
