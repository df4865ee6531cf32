package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.GcsRetryOptions;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code earmark <command> --help}, from the command's options interface: earmark's own options
 * with their real defaults (computed ones as they come out here and now, e.g. the model that would
 * be used), required ones marked; then the storage options every command takes, and for commands
 * that run the pipeline the few runner options a user needs. Beam's other options work but are
 * not listed.
 */
public final class OptionsHelp {
  /** gs:// options, taken by every command. */
  static final List<String[]> STORAGE_OPTIONS = List.of(
      new String[] {"--project=<id>", "gs://: the Google Cloud project"},
      new String[] {"--gcsEndpoint=<url>", "gs://: another GCS endpoint, e.g. http://127.0.0.1:PORT/storage/v1/"},
      new String[] {"--credentialFactoryClass=<class>", "gs://: how to get credentials (NoopCredentialFactory for a local server)"},
      new String[] {"--gcsRetrySeconds=<int>", "gs://: how long one request is retried before it fails (default "
          + GcsRetryOptions.DEFAULT_SECONDS + ")"});

  /** Runner options worth knowing, with what they do for earmark. */
  static final List<String[]> RUNNER_OPTIONS = List.of(
      new String[] {"--runner=DirectRunner|FlinkRunner", "where the job runs (default DirectRunner, in this JVM)"},
      new String[] {"--targetParallelism=<int>", "DirectRunner worker threads (default: one per core)"},
      new String[] {"--flinkMaster=<host:port>|[local]", "FlinkRunner: a session cluster's REST address, or an embedded one"},
      new String[] {"--parallelism=<int>", "FlinkRunner: parallel subtasks (the cluster's slots)"},
      new String[] {"--executionModeForBatch=BATCH_FORCED", "FlinkRunner: blocking shuffles, so a lost TaskManager only reruns its regions"},
      new String[] {"--filesToStage=<jar>", "FlinkRunner on a cluster: the jar to ship (pipeline/target/earmark.jar)"});

  private OptionsHelp() {}

  public static void print(Command<?> command, PrintStream out) {
    out.println("usage: earmark " + command.name() + " " + command.synopsis());
    out.println();
    wrap(command.summary(), 96).forEach(out::println);
    out.println();
    out.println("options:");
    PipelineOptions defaults = PipelineOptionsFactory.create().as(command.optionsType());
    for (Method getter : getters(command.optionsType())) {
      Description d = getter.getAnnotation(Description.class);
      boolean required = getter.isAnnotationPresent(Validation.Required.class);
      String name = optionName(getter);
      String shape = getter.getReturnType() == boolean.class ? "" : "=<" + getter.getReturnType().getSimpleName() + ">";
      out.printf("  --%s%s%s%s%n", name, shape, required ? "   (required)" : "",
          name.equals(command.positionalOption()) ? "   (or as the only bare argument)" : "");
      String value = required ? null : defaultValue(getter, defaults);
      if (value != null) {
        out.println("      default: " + value);
      }
      wrap(d.value(), 92).forEach(line -> out.println("      " + line));
    }
    out.println();
    out.println("storage options (Beam's; every command takes them):");
    STORAGE_OPTIONS.forEach(o -> out.printf("  %-38s %s%n", o[0], o[1]));
    if (command.runsPipeline()) {
      out.println();
      out.println("runner options (Beam's; the rest of Beam's options work too):");
      RUNNER_OPTIONS.forEach(o -> out.printf("  %-38s %s%n", o[0], o[1]));
      out.println();
      out.println("presets: runner-configs/*.args; earmark --verbose run ... shows every library's log lines.");
    }
    if (command.epilog() != null) {
      out.println();
      out.println(command.epilog());
    }
  }

  /** Described getters of earmark's own interfaces in {@code type}'s hierarchy, by name. */
  static List<Method> getters(Class<?> type) {
    Map<String, Method> byName = new LinkedHashMap<>();
    List<Class<?>> pending = new ArrayList<>(List.of(type));
    while (!pending.isEmpty()) {
      Class<?> iface = pending.remove(0);
      if (!iface.getPackageName().startsWith("dev.earmark")) {
        continue;
      }
      for (Method m : iface.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Description.class)) {
          byName.putIfAbsent(optionName(m), m);
        }
      }
      pending.addAll(Arrays.asList(iface.getInterfaces()));
    }
    List<Method> sorted = new ArrayList<>(byName.values());
    sorted.sort(Comparator.comparing(OptionsHelp::optionName, String.CASE_INSENSITIVE_ORDER));
    return sorted;
  }

  /** Words of {@code text} in lines of at most {@code width} characters (longer words alone). */
  public static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    for (String paragraph : text.split("\n")) {
      StringBuilder line = new StringBuilder();
      for (String word : paragraph.trim().split("\\s+")) {
        if (line.length() > 0 && line.length() + 1 + word.length() > width) {
          lines.add(line.toString());
          line.setLength(0);
        }
        line.append(line.length() > 0 ? " " : "").append(word);
      }
      lines.add(line.toString());
    }
    return lines;
  }

  static String optionName(Method getter) {
    String name = getter.getName().replaceFirst("^(get|is)", "");
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** The value this option gets when not given: annotated constants, or computed defaults as computed now. */
  private static String defaultValue(Method getter, PipelineOptions defaults) {
    if (!hasDefault(getter)) {
      return null;
    }
    try {
      Object v = getter.invoke(defaults.as(getter.getDeclaringClass().asSubclass(PipelineOptions.class)));
      return v == null ? "none" : String.valueOf(v);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "none found here";
    }
  }

  private static boolean hasDefault(Method getter) {
    return Arrays.stream(getter.getAnnotations())
        .anyMatch(a -> a.annotationType().getEnclosingClass() == Default.class);
  }
}
