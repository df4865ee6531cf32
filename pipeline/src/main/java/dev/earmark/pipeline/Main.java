package dev.earmark.pipeline;

import dev.earmark.pipeline.commands.Command;
import dev.earmark.pipeline.commands.CommandLine;
import dev.earmark.pipeline.commands.Commands;
import dev.earmark.pipeline.commands.OptionsHelp;
import dev.earmark.pipeline.commands.VersionCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code earmark <command> [options]}: finds the command and hands it the rest of the line; every
 * command parses, helps and runs itself ({@link CommandLine}).
 */
public final class Main {
  static final String VERBOSE = "--verbose";

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

  /** Runs one command; returns its exit code (0 ok, 1 failed, 2 usage error; run: 3, see {@link RunOutcome}). */
  static int run(String[] args) {
    if (args.length == 0 || CommandLine.isHelp(args[0])) {
      System.out.println(usage());
      return args.length == 0 ? CommandLine.USAGE_ERROR : 0;
    }
    if (args[0].equals("--version")) {
      return VersionCommand.print(System.out);
    }
    Optional<Command<?>> command = Commands.named(args[0]);
    if (command.isEmpty()) {
      System.err.println("unknown command '" + args[0] + "'\n\n" + usage());
      return CommandLine.USAGE_ERROR;
    }
    return CommandLine.execute(command.get(), Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
  }

  static String usage() {
    StringBuilder text = new StringBuilder(
        "usage: earmark [--verbose] <command> [options]     (earmark <command> --help for details)\n\ncommands:\n");
    for (Command<?> c : Commands.ALL) {
      String summary = c.summary();
      int sentence = summary.indexOf(". ");
      List<String> lines = OptionsHelp.wrap(sentence < 0 ? summary : summary.substring(0, sentence + 1), 78);
      text.append(String.format("  %-13s %s%n", c.name(), lines.get(0)));
      lines.subList(1, lines.size()).forEach(line -> text.append(" ".repeat(16)).append(line).append('\n'));
    }
    return text.append("\n--verbose (anywhere on the line) shows every library's log lines, not only earmark's.\n")
        .append("Options look like --name=value; every command also takes Beam's storage options for gs://.\n")
        .toString();
  }
}
