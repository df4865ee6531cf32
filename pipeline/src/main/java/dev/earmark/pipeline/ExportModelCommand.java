package dev.earmark.pipeline;

/**
 * {@code earmark export-model --model=<.tflite> --target=<dir>}: builds YAMNet from a .tflite and
 * writes a SavedModel plus the class map, so Flink workers load one prepared artifact.
 */
final class ExportModelCommand {
  static final String USAGE = "usage: earmark export-model [--model=<.tflite>] --target=<dir or gs://...>";

  private ExportModelCommand() {}

  static int run(String[] args) {
    String model = ModelPaths.defaultModel();
    String target = null;
    for (String arg : args) {
      if (Main.isHelp(arg)) {
        System.out.println(USAGE);
        return 0;
      } else if (arg.startsWith("--model=")) {
        model = arg.substring("--model=".length());
      } else if (arg.startsWith("--target=")) {
        target = arg.substring("--target=".length());
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
      }
    }
    if (target == null) {
      throw new IllegalArgumentException("--target is required\n" + USAGE);
    }
    // TODO(models YamnetExport): YamnetExport.export(ModelConfig.of(model), target) once it lands.
    System.err.println("earmark export-model: not available in this build yet (model " + model + ")");
    return 1;
  }
}
