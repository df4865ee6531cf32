package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.YamnetExport;
import dev.earmark.pipeline.ModelOptions;
import dev.earmark.transforms.output.Locations;
import dev.earmark.transforms.output.OutputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/**
 * {@code earmark export-model --target=<dir or gs://...>}: builds YAMNet from a .tflite and writes
 * a SavedModel plus the class map, so Flink workers load one prepared artifact. A remote target is
 * exported to a local temporary folder, then uploaded file by file through OutputFiles.
 */
public final class ExportModelCommand implements Command<ExportModelCommand.Options> {
  /** {@code export-model}'s options. */
  public interface Options extends ModelOptions {
    @Description("Folder to write the SavedModel to (local or gs://...); must not hold one already.")
    @Validation.Required
    String getTarget();

    void setTarget(String value);
  }

  @Override
  public String name() {
    return "export-model";
  }

  @Override
  public String summary() {
    return "Builds a SavedModel (with its class map) from a YAMNet .tflite, for the workers to load.";
  }

  @Override
  public String synopsis() {
    return "--target=<dir or gs://...> [--model=<.tflite>] [--modelSha256=<hex>]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err) throws IOException, UsageException {
    String model = options.getModel();
    if (model == null) {
      throw new UsageException("no model found: pass --model=<yamnet .tflite> or run `earmark fetch-model --tflite`");
    }
    String target = options.getTarget();
    ModelConfig config = new ModelConfig(
        model, ModelConfig.DEFAULT_BATCH_SIZE, 1, ModelConfig.CALLER_THREAD, options.getModelSha256());
    if (target.startsWith("file://")) {
      // Beam's local FileSystem lists file:// URIs but would create "file:/..." relative to the
      // working directory, so a file:// target is written as the local path it names.
      YamnetExport.export(config, target.substring("file://".length()));
    } else if (!Locations.hasScheme(target)) {
      YamnetExport.export(config, target);
    } else {
      Path local = Files.createTempDirectory("earmark-export");
      try {
        YamnetExport.export(config, local.resolve("yamnet").toString());
        upload(local.resolve("yamnet"), target);
      } finally {
        deleteTree(local);
      }
    }
    out.println("exported " + model + " to " + target + "; run with --model=" + target);
    return 0;
  }

  /** Each file of {@code from} to the same relative name under {@code target}. */
  private static void upload(Path from, String target) throws IOException {
    String base = target.replaceAll("/+$", "");
    for (Path file : files(from)) {
      String name = base + "/" + from.relativize(file).toString().replace('\\', '/');
      // Whole or not at all: a read fault halfway must not finalize a partial object.
      OutputFiles.writeAtomically(FileSystems.matchNewResource(name, false), "application/octet-stream", channel -> {
        try (InputStream in = Files.newInputStream(file)) {
          in.transferTo(Channels.newOutputStream(channel));
        }
      });
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
