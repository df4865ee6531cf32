package dev.earmark.pipeline.commands;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * {@code earmark --version}: the version, then the settings this JVM actually runs with (max heap,
 * GC, JVM flags, and the native environment earmark cares about), so a user can check what a
 * launcher or a cluster really passed.
 */
public final class VersionCommand implements Command<PipelineOptions> {
  /** Environment variables that change earmark's native side. */
  static final List<String> NATIVE_ENV = List.of("MALLOC_ARENA_MAX", "TF_CPP_MIN_LOG_LEVEL");

  @Override
  public String name() {
    return "version";
  }

  @Override
  public String summary() {
    return "Prints the version and the JVM settings in effect (also earmark --version).";
  }

  @Override
  public String synopsis() {
    return "";
  }

  @Override
  public Class<PipelineOptions> optionsType() {
    return PipelineOptions.class;
  }

  @Override
  public int run(PipelineOptions options, PrintStream out, PrintStream err) {
    return print(out);
  }

  public static int print(PrintStream out) {
    out.println("earmark " + version());
    Runtime rt = Runtime.getRuntime();
    String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
    out.printf("java %s (%s), %d cores, max heap %d MB, GC %s%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), rt.availableProcessors(), rt.maxMemory() >> 20, gcs);
    out.println("jvm flags: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    out.println("env: " + NATIVE_ENV.stream()
        .map(k -> k + "=" + (System.getenv(k) == null ? "(unset)" : System.getenv(k)))
        .collect(Collectors.joining(" ")));
    return 0;
  }

  /** The jar's Implementation-Version, or "dev" when run from classes. */
  public static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
