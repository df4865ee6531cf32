package dev.earmark.pipeline;

import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.YamnetExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code earmark export-model [--model=<.tflite>] --target=<dir or gs://...>}: builds YAMNet from a
 * .tflite and writes a SavedModel plus the class map, so Flink workers load one prepared artifact.
 * Remote targets are exported to a local temp dir, then copied with Beam FileSystems.
 */
final class ExportModelCommand {
  static final String USAGE = "usage: earmark export-model [--model=<.tflite>] [--sha256=<hex>] --target=<dir or gs://...>";

  private ExportModelCommand() {}

  static int run(String[] args) throws IOException {
    String model = ModelPaths.defaultModel();
    String target = null;
    String sha256 = null;
    for (String arg : args) {
      if (Main.isHelp(arg)) {
        System.out.println(USAGE);
        return 0;
      } else if (arg.startsWith("--model=")) {
        model = arg.substring("--model=".length());
      } else if (arg.startsWith("--target=")) {
        target = arg.substring("--target=".length());
      } else if (arg.startsWith("--sha256=")) {
        sha256 = arg.substring("--sha256=".length());
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("--target is required\n" + USAGE);
    }
    ModelConfig config = new ModelConfig(model, ModelConfig.DEFAULT_BATCH_SIZE, 1, ModelConfig.CALLER_THREAD, sha256);
    if (target.startsWith("file://")) {
      // Beam's local FileSystem lists file:// URIs but would create "file:/..." relative to the
      // working directory, so a file:// target is written as the local path it names.
      YamnetExport.export(config, target.substring("file://".length()));
    } else if (!target.contains("://")) {
      YamnetExport.export(config, target);
    } else {
      Path local = Files.createTempDirectory("earmark-export");
      YamnetExport.export(config, local.resolve("yamnet").toString());
      copyTree(local.resolve("yamnet"), target);
    }
    System.out.println("exported " + model + " to " + target + "; run with --model=" + target);
    return 0;
  }

  private static void copyTree(Path from, String target) throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    List<ResourceId> sources = new ArrayList<>();
    List<ResourceId> targets = new ArrayList<>();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        sources.add(FileSystems.matchNewResource(f.toString(), false));
        targets.add(FileSystems.matchNewResource(
            target.replaceAll("/+$", "") + "/" + from.relativize(f).toString().replace('\\', '/'), false));
      }
    }
    FileSystems.copy(sources, targets);
  }
}
