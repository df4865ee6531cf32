package dev.earmark.pipeline.commands;

import java.io.PrintStream;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * One {@code earmark <name>} subcommand. Every command takes Beam-style options ({@code
 * --name=value}) declared as a {@link PipelineOptions} interface, so each one also understands
 * Beam's filesystem options ({@code --gcsEndpoint}, {@code --project}, credentials) for gs://.
 * {@link CommandLine} parses, validates and helps; the command only does its work.
 */
public interface Command<O extends PipelineOptions> {
  /** The word after {@code earmark}. */
  String name();

  /** One line for {@code earmark --help}. */
  String summary();

  /** What follows {@code earmark <name>} in the usage line, e.g. {@code --root=<dir> --output=<file>}. */
  String synopsis();

  /** The options this command declares; their getters' descriptions make its help. */
  Class<O> optionsType();

  /** The option a single bare argument stands for ({@code classify a.ogg}), or null for none. */
  default String positionalOption() {
    return null;
  }

  /** Whether the help lists the runner options (only commands that run the pipeline). */
  default boolean runsPipeline() {
    return false;
  }

  /**
   * Last changes before validation, knowing which options the user gave (names without
   * {@code --}); e.g. defaults that depend on the machine. Usage errors throw {@link UsageException}.
   */
  default void configure(O options, Set<String> given) throws UsageException {}

  /** Does the work; returns the exit code (0 ok). */
  int run(O options, PrintStream out, PrintStream err) throws Exception;
}
