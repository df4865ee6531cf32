package dev.earmark.pipeline.commands;

import dev.earmark.pipeline.EarmarkOptions;
import dev.earmark.pipeline.demo.DemoNight;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code earmark demo [--output=<dir>] [run options]}: generates a small two-user night of Ogg
 * chunks under {@code <output>/input} and runs the pipeline on it with {@code run}'s options.
 */
public final class DemoCommand implements Command<EarmarkOptions> {
  static final String DEFAULT_OUTPUT = "earmark-demo";

  private final RunCommand run = new RunCommand();

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "Generates a two-user night (speech, beeps, noise) in <output>/input and runs the pipeline on it; "
        + "results in <output>/events, <output>/clips, ... (default output: " + DEFAULT_OUTPUT + "). "
        + "Takes every `earmark run` option but --listing.";
  }

  @Override
  public String synopsis() {
    return "[--output=<dir>] [run options]";
  }

  @Override
  public Class<EarmarkOptions> optionsType() {
    return EarmarkOptions.class;
  }

  @Override
  public boolean runsPipeline() {
    return true;
  }

  @Override
  public void configure(EarmarkOptions options, Set<String> given) throws UsageException {
    if (given.contains("listing")) {
      throw new UsageException("demo makes its own listing; use `earmark run` for yours");
    }
    if (!given.contains("output")) {
      options.setOutput(DEFAULT_OUTPUT);
    }
    Path root = Path.of(options.getOutput()).toAbsolutePath();
    options.setOutput(root.toString());
    options.setListing(root.resolve("input").resolve(DemoNight.LISTING_FILE).toString());
    run.configure(options, given);
  }

  @Override
  public int run(EarmarkOptions options, PrintStream out, PrintStream err) throws IOException {
    Path listing = DemoNight.generate(Path.of(options.getOutput(), "input"));
    out.println("demo night written to " + listing.getParent() + "; running the pipeline");
    return run.run(options, out, err);
  }
}
