package dev.earmark.pipeline;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** {@code java -jar earmark.jar <command> [args]}: dispatches to the subcommands. */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: earmark <command> [options]     (earmark <command> --help for details)",
      "",
      "commands:",
      "  run           run the pipeline: earmark run --listing=<glob> --output=<dir> [options]",
      "  list          write a listing from a storage root laid out as <root>/<user_id>/<yyyy-MM-dd>/<HHmm>.ogg",
      "  classify      print YAMNet's top classes per 0.48 s patch of one audio file",
      "  export-model  build a SavedModel (with its class map) from a .tflite for the workers",
      "  fetch-model   download Google's YAMNet into ~/.cache/earmark/yamnet",
      "  demo          generate a small two-user night and run the pipeline on it",
      "");

  private Main() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
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
        // TODO(tools helper): dispatch once ListCommand, ClassifyCommand, FetchModelCommand land on main.
        case "export-model":
          return ExportModelCommand.run(rest);
        case "list":
        case "classify":
        case "fetch-model":
          System.err.println("earmark " + args[0] + ": not available in this build yet");
          return 1;
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
    return PipelineOptionsFactory.fromArgs(args).withValidation().as(EarmarkOptions.class);
  }

  static void printRunHelp(PrintStream out) {
    out.println("usage: earmark run --listing=<glob> --output=<dir> [options]\n");
    PipelineOptionsFactory.register(EarmarkOptions.class);
    PipelineOptionsFactory.printHelp(out, EarmarkOptions.class);
  }

  static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }
}
