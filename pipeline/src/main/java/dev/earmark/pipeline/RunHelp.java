package dev.earmark.pipeline;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code earmark run --help}: earmark's own options with their real defaults (computed ones as
 * they come out here and now, e.g. the model that would be used), required ones marked, then the
 * few runner and storage options a user needs for Flink and gs://. Beam's other options work but
 * are not listed.
 */
final class RunHelp {
  /** Runner and filesystem options worth knowing, with what they do for earmark. */
  static final List<String[]> RUNNER_OPTIONS = List.of(
      new String[] {"--runner=DirectRunner|FlinkRunner", "where the job runs (default DirectRunner, in this JVM)"},
      new String[] {"--targetParallelism=<int>", "DirectRunner worker threads (default: one per core)"},
      new String[] {"--flinkMaster=<host:port>|[local]", "FlinkRunner: a session cluster's REST address, or an embedded one"},
      new String[] {"--parallelism=<int>", "FlinkRunner: parallel subtasks (the cluster's slots)"},
      new String[] {"--executionModeForBatch=BATCH_FORCED", "FlinkRunner: blocking shuffles, so a lost TaskManager only reruns its regions"},
      new String[] {"--filesToStage=<jar>", "FlinkRunner on a cluster: the jar to ship (pipeline/target/earmark.jar)"},
      new String[] {"--project=<id>", "gs://: the Google Cloud project"},
      new String[] {"--gcsEndpoint=<url>", "gs://: another GCS endpoint, e.g. http://127.0.0.1:PORT/storage/v1/"},
      new String[] {"--credentialFactoryClass=<class>", "gs://: how to get credentials (NoopCredentialFactory for a local server)"});

  private RunHelp() {}

  static void print(PrintStream out) {
    out.println("usage: earmark run --listing=<glob> --output=<dir> [options]");
    out.println();
    out.println("earmark options:");
    EarmarkOptions defaults = PipelineOptionsFactory.create().as(EarmarkOptions.class);
    Method[] getters = EarmarkOptions.class.getDeclaredMethods();
    Arrays.sort(getters, Comparator.comparing(RunHelp::optionName, String.CASE_INSENSITIVE_ORDER));
    for (Method getter : getters) {
      Description d = getter.getAnnotation(Description.class);
      if (d == null) {
        continue;
      }
      boolean required = getter.isAnnotationPresent(Validation.Required.class);
      out.printf("  --%s=<%s>%s%n", optionName(getter), getter.getReturnType().getSimpleName(),
          required ? "   (required)" : "");
      String value = required ? null : defaultValue(getter, defaults);
      if (value != null) {
        out.println("      default: " + value);
      }
      wrap(d.value(), 92).forEach(line -> out.println("      " + line));
    }
    out.println();
    out.println("runner and storage options (Beam's; the rest of Beam's options work too):");
    for (String[] o : RUNNER_OPTIONS) {
      out.printf("  %-38s %s%n", o[0], o[1]);
    }
    out.println();
    out.println("exit codes:");
    out.printf("  %d  completed, every input succeeded%n", RunOutcome.SUCCEEDED);
    out.printf("  %d  completed, but some inputs (listing rows, audio files) became dead letters: "
        + "errors/<run_id>/ under --output, counts per reason in the last line%n", RunOutcome.SOME_INPUTS_FAILED);
    out.printf("  %d  the run failed%n", RunOutcome.FAILED);
    out.println("  2  bad options, or a preflight check failed: nothing ran");
    out.println();
    out.println("presets: runner-configs/*.args; earmark --verbose run ... shows every library's log lines.");
  }

  /** Words of {@code text} in lines of at most {@code width} characters (longer words alone). */
  static List<String> wrap(String text, int width) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  static String optionName(Method getter) {
    String name = getter.getName().replaceFirst("^(get|is)", "");
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }

  /** The value this option gets when not given: annotated constants, or computed defaults as computed now. */
  private static String defaultValue(Method getter, EarmarkOptions defaults) {
    if (getter.getName().equals("getRunId")) {
      return "the job name (new for every run)";
    }
    if (!hasDefault(getter)) {
      return null;
    }
    try {
      Object v = getter.invoke(defaults);
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
