package dev.earmark.pipeline;

import dev.earmark.pipeline.commands.ClassifyCommand;
import dev.earmark.pipeline.commands.EvaluateCommand;
import dev.earmark.pipeline.commands.FetchModelCommand;
import dev.earmark.pipeline.commands.ListCommand;
import dev.earmark.pipeline.commands.ReportCommand;
import dev.earmark.pipeline.commands.VersionCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code java -jar earmark.jar <command> [args]}: dispatches to the subcommands. */
public final class Main {
  static final String VERBOSE = "--verbose";
  static final String USAGE = String.join("\n",
      "usage: earmark [--verbose] <command> [options]     (earmark <command> --help for details)",
      "",
      "commands:",
      "  run           run the pipeline: earmark run --listing=<glob> --output=<dir> [options]",
      "  list          write a listing from a storage root laid out as <root>/<user_id>/<yyyy-MM-dd>/<HHmm>.ogg",
      "  classify      print YAMNet's top classes per 0.48 s patch of one audio file",
      "  export-model  build a SavedModel (with its class map) from a .tflite for the workers",
      "  fetch-model   download Google's YAMNet into ~/.cache/earmark/yamnet",
      "  evaluate      recall, precision and false events/hour of a run against truth tables",
      "  report        write a run's memory report (html + md) from its metrics: earmark report --output=<dir>",
      "  demo          generate a small two-user night and run the pipeline on it",
      "  version       print the version and the JVM settings in effect (also --version)",
      "",
      "--verbose (anywhere on the line) shows every library's log lines, not only earmark's.",
      "");

  private Main() {}

  public static void main(String[] args) {
    // Before anything logs: slf4j-simple reads its levels once, when the first logger is made.
    String[] rest = Arrays.stream(args).filter(a -> !a.equals(VERBOSE)).toArray(String[]::new);
    if (rest.length < args.length) {
      verbose();
    }
    // Exit explicitly: runner threads (e.g. an embedded Flink cluster) may not be daemons.
    System.exit(run(rest));
  }

  /**
   * Brings back every library's INFO lines and thread names: simplelogger.properties sets the
   * default to WARN and some loggers to ERROR; system properties win over the file.
   */
  static void verbose() {
    Properties quiet = new Properties();
    try (InputStream in = Main.class.getResourceAsStream("/simplelogger.properties")) {
      if (in != null) {
        quiet.load(in);
      }
    } catch (IOException e) {
      // Without the file nothing is quieted: INFO everywhere is what --verbose asks for anyway.
    }
    for (String key : quiet.stringPropertyNames()) {
      if (key.startsWith("org.slf4j.simpleLogger.log.")) {
        System.setProperty(key, "info");
      }
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "true");
  }

  /** Runs one command; returns its exit code (0 ok, 1 failed, 2 usage error). */
  static int run(String[] args) {
    if (args.length == 0 || isHelp(args[0])) {
      System.out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "run":
          return runPipeline(rest);
        case "demo":
          return DemoCommand.run(rest);
        case "export-model":
          return ExportModelCommand.run(rest);
        case "list":
          return ListCommand.run(rest);
        case "classify":
          return ClassifyCommand.run(rest);
        case "fetch-model":
          return FetchModelCommand.run(rest);
        case "evaluate":
          return EvaluateCommand.run(rest, System.out);
        case "report":
          return ReportCommand.run(rest, System.out);
        case "version":
        case "--version":
          return VersionCommand.run(System.out);
        default:
          System.err.println("unknown command '" + args[0] + "'\n\n" + USAGE);
          return 2;
      }
    } catch (java.io.IOException e) {
      System.err.println("earmark " + args[0] + ": " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      // Bad options: say what is wrong without a stack trace.
      System.err.println("earmark " + args[0] + ": " + e.getMessage());
      return 2;
    }
  }

  static int runPipeline(String[] args) {
    if (List.of(args).stream().anyMatch(Main::isHelp)) {
      printRunHelp(System.out);
      return 0;
    }
    EarmarkOptions options = parse(args);
    PipelineResult result = EarmarkPipeline.run(options);
    return result.getState() == PipelineResult.State.DONE ? 0 : 1;
  }

  static EarmarkOptions parse(String[] args) {
    PipelineOptionsFactory.register(EarmarkOptions.class);
    EarmarkOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(EarmarkOptions.class);
    productionDirectRunner(options, args);
    return options;
  }

  /**
   * DirectRunner defaults for a production run, each unless given on the command line:
   * <ul>
   *   <li>no immutability/encodability checks: they are test aids that walk the whole pipeline graph
   *       and re-encode every element per bundle (TestPipeline keeps them);
   *   <li>one worker thread per core, not Beam's max(cores, 3): the work is CPU-bound, and a third
   *       concurrent TensorFlow call on 2 cores only added its tensors and malloc arena (2 users x 2
   *       chunks, 2026-12-02: peak RSS 887 vs 688 MB, same wall time).
   * </ul>
   */
  static void productionDirectRunner(EarmarkOptions options, String[] args) {
    DirectOptions direct = options.as(DirectOptions.class);
    if (!given(args, "--enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!given(args, "--enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
    if (!given(args, "--targetParallelism")) {
      direct.setTargetParallelism(Runtime.getRuntime().availableProcessors());
    }
  }

  private static boolean given(String[] args, String option) {
    return Arrays.stream(args).anyMatch(a -> a.equals(option) || a.startsWith(option + "="));
  }

  static void printRunHelp(PrintStream out) {
    RunHelp.print(out);
  }

  static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }
}
