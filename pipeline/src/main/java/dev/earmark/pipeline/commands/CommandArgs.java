package dev.earmark.pipeline.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-rolled parser for the small commands: {@code --key=value} or {@code --key value} for the
 * declared value options, bare declared flags, positional arguments, {@code --} ends options.
 * Unknown or repeated options are usage errors, so a typo never silently does nothing.
 */
final class CommandArgs {
  private final Map<String, String> values;
  private final Set<String> flags;
  private final List<String> positional;

  private CommandArgs(Map<String, String> values, Set<String> flags, List<String> positional) {
    this.values = values;
    this.flags = flags;
    this.positional = positional;
  }

  /**
   * @param valueOptions names (without {@code --}) that take a value
   * @param flagOptions names that take none; {@code help} and {@code -h} are always accepted
   */
  static CommandArgs parse(String[] args, Set<String> valueOptions, Set<String> flagOptions)
      throws UsageException {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new java.util.LinkedHashSet<>();
    List<String> positional = new ArrayList<>();
    boolean optionsDone = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsDone || !arg.startsWith("-") || arg.equals("-")) {
        positional.add(arg);
        continue;
      }
      if (arg.equals("--")) {
        optionsDone = true;
        continue;
      }
      if (arg.equals("-h") || arg.equals("--help")) {
        flags.add("help");
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unknown option " + arg);
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      if (valueOptions.contains(name)) {
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new UsageException("--" + name + " needs a value");
        }
        if (values.put(name, value) != null) {
          throw new UsageException("--" + name + " given more than once");
        }
      } else if (flagOptions.contains(name)) {
        if (eq >= 0) {
          throw new UsageException("--" + name + " takes no value");
        }
        flags.add(name);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return new CommandArgs(values, flags, positional);
  }

  boolean help() {
    return flags.contains("help");
  }

  boolean flag(String name) {
    return flags.contains(name);
  }

  String value(String name) {
    return values.get(name);
  }

  String value(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  String required(String name) throws UsageException {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new UsageException("--" + name + " is required");
    }
    return v;
  }

  int positiveInt(String name, int defaultValue) throws UsageException {
    String v = values.get(name);
    if (v == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1) {
        throw new UsageException("--" + name + " must be a positive integer, got " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a positive integer, got " + v);
    }
  }

  List<String> positional() {
    return positional;
  }
}
