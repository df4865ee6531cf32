package dev.earmark.pipeline;

import dev.earmark.pipeline.demo.DemoNight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code earmark demo [--output=<dir>] [run options]}: generates a small two-user night of Ogg
 * chunks under {@code <output>/input} and runs the pipeline on it.
 */
final class DemoCommand {
  static final String DEFAULT_OUTPUT = "earmark-demo";

  private DemoCommand() {}

  static int run(String[] args) throws IOException {
    String output = DEFAULT_OUTPUT;
    List<String> runArgs = new ArrayList<>();
    for (String arg : args) {
      if (Main.isHelp(arg)) {
        System.out.println("usage: earmark demo [--output=<dir>] [any `earmark run` option but --listing]\n"
            + "Generates a two-user night (speech, beeps, noise) in <dir>/input and runs the pipeline "
            + "on it; results in <dir>/events, <dir>/clips, ... (default dir: " + DEFAULT_OUTPUT + ")");
        return 0;
      } else if (arg.startsWith("--output=")) {
        output = arg.substring("--output=".length());
      } else if (arg.startsWith("--listing=")) {
        throw new IllegalArgumentException("demo makes its own listing; use `earmark run` for yours");
      } else {
        runArgs.add(arg);
      }
    }
    Path root = Path.of(output).toAbsolutePath();
    Path listing = DemoNight.generate(root.resolve("input"));
    System.out.println("demo night written to " + listing.getParent() + "; running the pipeline");
    runArgs.add("--listing=" + listing);
    runArgs.add("--output=" + root);
    return Main.runPipeline(runArgs.toArray(String[]::new));
  }
}
