package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ModelLoadException;
import dev.earmark.models.yamnet.ModelNotFoundException;
import dev.earmark.pipeline.GcsAccess;
import dev.earmark.pipeline.GcsRetries;
import dev.earmark.pipeline.GcsRetryOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.PipelineOptionsValidator;

/**
 * The one command-line style: {@code earmark <command> --name=value ...}, parsed by Beam's {@link
 * PipelineOptionsFactory} into the command's options interface. Exit codes: the command's own, 2
 * for a command line it cannot run (including gs:// locations without credentials or a live
 * endpoint: {@link GcsAccess}), 1 for a failure it explains in one line.
 */
public final class CommandLine {
  public static final int USAGE_ERROR = 2;
  public static final int FAILED = 1;

  private static final Pattern UNKNOWN = Pattern.compile("missing a property named '([^']+)'");
  private static final Pattern MISSING =
      Pattern.compile("Missing required value for \\[(?:--(\\w+)|[^\\]]*?\\.(?:get|is)(\\w+)\\(\\))");

  private CommandLine() {}

  public static <O extends PipelineOptions> int execute(
      Command<O> command, String[] args, PrintStream out, PrintStream err) {
    String prefix = "earmark " + command.name() + ": ";
    if (Arrays.stream(args).anyMatch(CommandLine::isHelp)) {
      OptionsHelp.print(command, out);
      return 0;
    }
    O options;
    try {
      options = parse(command, args);
    } catch (UsageException | IllegalArgumentException e) {
      err.println(prefix + usageMessage(e));
      err.println("usage: earmark " + command.name() + " " + command.synopsis()
          + "   (earmark " + command.name() + " --help for details)");
      return USAGE_ERROR;
    }
    try {
      return command.run(options, out, err);
    } catch (UsageException e) {
      err.println(prefix + e.getMessage());
      return USAGE_ERROR;
    } catch (IllegalArgumentException e) {
      // Options that parse but cannot work together (e.g. no model found): say so, no stack trace.
      err.println(prefix + e.getMessage());
      return USAGE_ERROR;
    } catch (IOException | UncheckedIOException e) {
      // One line: storage errors may carry the server's whole answer (gs:// JSON) after the first.
      err.println(prefix + firstLine(e.getMessage()));
      return FAILED;
    } catch (ModelNotFoundException | ModelLoadException e) {
      // Whole: the message lists every place looked at and how to get a model.
      err.println(prefix + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(prefix + e.getMessage(), e);
    }
  }

  /**
   * The command's options from {@code args}: a bare argument becomes the command's positional
   * option, then Beam parses (unknown options are errors), the command configures, and required
   * options are checked. Filesystems (gs:// endpoint, credentials) are set up from the result.
   */
  public static <O extends PipelineOptions> O parse(Command<O> command, String[] args)
      throws UsageException {
    String[] named = withPositional(command, args);
    PipelineOptionsFactory.register(command.optionsType());
    PipelineOptionsFactory.register(GcsRetryOptions.class);
    O options = PipelineOptionsFactory.fromArgs(named).as(command.optionsType());
    command.configure(options, given(named));
    PipelineOptionsValidator.validate(command.optionsType(), options);
    List<String> locations = locations(command, options);
    GcsAccess.check(options, locations);
    GcsRetries.install(options, locations);
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /** Every text value of the command's own options: the paths and URIs it will touch among them. */
  static List<String> locations(Command<?> command, PipelineOptions options) {
    List<String> values = new ArrayList<>();
    for (Method getter : OptionsHelp.getters(command.optionsType())) {
      if (getter.getReturnType() == String.class) {
        try {
          values.add((String) getter.invoke(options.as(getter.getDeclaringClass().asSubclass(PipelineOptions.class))));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("reading --" + OptionsHelp.optionName(getter), e);
        }
      }
    }
    return values;
  }

  public static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  /** Option names on the command line, without {@code --} and value. */
  static Set<String> given(String[] args) {
    Set<String> names = new LinkedHashSet<>();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        names.add(eq < 0 ? arg.substring(2) : arg.substring(2, eq));
      }
    }
    return names;
  }

  private static String[] withPositional(Command<?> command, String[] args) throws UsageException {
    String[] out = args.clone();
    boolean seen = false;
    for (int i = 0; i < out.length; i++) {
      if (out[i].startsWith("--")) {
        continue;
      }
      if (command.positionalOption() == null) {
        throw new UsageException("unexpected argument '" + out[i] + "' (options look like --name=value)");
      }
      if (seen) {
        throw new UsageException("more than one bare argument: '" + out[i] + "'");
      }
      seen = true;
      out[i] = "--" + command.positionalOption() + "=" + out[i];
    }
    return out;
  }

  static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }

  /** Beam's parser messages, shortened to what a user needs: which option and what is wrong. */
  static String usageMessage(Exception e) {
    String message = String.valueOf(e.getMessage());
    Matcher unknown = UNKNOWN.matcher(message);
    if (unknown.find()) {
      return "unknown option --" + unknown.group(1);
    }
    Matcher missing = MISSING.matcher(message);
    if (missing.find()) {
      String name = missing.group(1) != null ? missing.group(1)
          : Character.toLowerCase(missing.group(2).charAt(0)) + missing.group(2).substring(1);
      return "--" + name + " is required";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
