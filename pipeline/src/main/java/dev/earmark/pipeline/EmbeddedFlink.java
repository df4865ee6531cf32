package dev.earmark.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.IllegalConfigurationException;

/**
 * The FlinkRunner's embedded mini cluster: {@code --flinkMaster=[local]}, or {@code [auto]} (the
 * default) outside a Flink client, runs the job inside earmark's own JVM. Its servers bind to
 * loopback here, so a laptop on a shared network offers none of them.
 */
public final class EmbeddedFlink {
  static final String LOOPBACK = "127.0.0.1";

  /**
   * Flink 1.19's keys for the addresses the mini cluster's servers bind to; unset, each binds to
   * every interface. jobmanager.bind-host: the BLOB server (and JobManager RPC, which the mini
   * cluster keeps in-process); rest.bind-address: the REST endpoint; taskmanager.bind-host:
   * TaskManager RPC and data port, opened only by a cluster of several TaskManagers.
   */
  static final List<String> BIND_KEYS =
      List.of("jobmanager.bind-host", "rest.bind-address", "taskmanager.bind-host");

  private EmbeddedFlink() {}

  /** Whether the job runs on a mini cluster in this JVM (Beam's FlinkExecutionEnvironments). */
  public static boolean runs(PipelineOptions options) {
    if (!FlinkRunner.class.equals(options.getRunner())) {
      return false;
    }
    String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
    return "[local]".equals(master) || "[auto]".equals(master);
  }

  /**
   * For an embedded run, points {@code --flinkConfDir} at a copy of the Flink configuration Beam
   * would read otherwise (the given {@code --flinkConfDir}, else {@code $FLINK_CONF_DIR}, else
   * none) with each of {@link #BIND_KEYS} that it does not set added as {@value #LOOPBACK}: Beam
   * builds the mini cluster from that file alone, and its options cannot name Flink keys. The copy
   * lives in a temp directory deleted when the JVM exits.
   */
  public static void bindToLoopback(PipelineOptions options) {
    if (!runs(options)) {
      return;
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    String given = flink.getFlinkConfDir();
    String sourceDir = given != null && !given.isEmpty() ? given : System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
    String name = GlobalConfiguration.FLINK_CONF_FILENAME;
    StringBuilder text = new StringBuilder();
    Configuration source = new Configuration();
    if (sourceDir != null) {
      try {
        source = GlobalConfiguration.loadConfiguration(sourceDir);
      } catch (IllegalConfigurationException e) {
        String option = sourceDir.equals(given) ? "--flinkConfDir=" : "$FLINK_CONF_DIR=";
        throw new IllegalArgumentException(option + sourceDir + ": " + e.getMessage(), e);
      }
      // The file Flink just read: flink-conf.yaml (legacy syntax) before config.yaml (standard YAML).
      Path legacy = Path.of(sourceDir, GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME);
      Path file = Files.exists(legacy) ? legacy : Path.of(sourceDir, name);
      name = file.getFileName().toString();
      text.append(read(file));
      if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
        text.append('\n');
      }
    }
    text.append("# earmark: the embedded cluster's servers listen on loopback only\n");
    for (String key : BIND_KEYS) {
      if (!source.containsKey(key)) {
        text.append(key).append(": ").append(LOOPBACK).append('\n');
      }
    }
    flink.setFlinkConfDir(write(name, text.toString()).toString());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the Flink configuration " + file, e);
    }
  }

  private static Path write(String name, String text) {
    try {
      Path dir = Files.createTempDirectory("earmark-flink-conf");
      dir.toFile().deleteOnExit();
      Path file = Files.writeString(dir.resolve(name), text);
      file.toFile().deleteOnExit(); // registered last, deleted first: the directory is empty by then
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the embedded Flink's configuration", e);
    }
  }
}
