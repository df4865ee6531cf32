package dev.earmark.pipeline.commands;

import java.util.List;
import java.util.Optional;

/** Every {@code earmark} subcommand, in the order {@code earmark --help} lists them. */
public final class Commands {
  public static final List<Command<?>> ALL = List.of(
      new RunCommand(),
      new ListCommand(),
      new ClassifyCommand(),
      new ExportModelCommand(),
      new FetchModelCommand(),
      new EvaluateCommand(),
      new TrainCommand(),
      new ReportCommand(),
      new DemoCommand(),
      new VersionCommand());

  private Commands() {}

  public static Optional<Command<?>> named(String name) {
    return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
