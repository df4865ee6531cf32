package dev.earmark.models.yamnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Builds YAMNet from a {@code .tflite} and writes it as a SavedModel (tag {@code serve}, signature
 * {@code serving_default}: waveform -> scores, embeddings, log_mel_spectrogram, as TF Hub's
 * google/yamnet/1) to a local directory, with {@code yamnet_class_map.csv} beside it when one is
 * found. Remote targets: export to a local temp dir, then copy (the pipeline layer does that).
 */
public final class YamnetExport {
  private static final Logger LOG = LoggerFactory.getLogger(YamnetExport.class);

  private YamnetExport() {}

  /** Exports, with the class map {@link ClassMapLocator} finds for the source (if any). */
  public static void export(ModelConfig source, String targetDir) throws IOException {
    Path classMap = ClassMapLocator.find(Path.of(source.source())).orElse(null);
    export(source, targetDir, classMap);
  }

  /** Exports with an explicit class map ({@code null}: none). */
  public static void export(ModelConfig source, String targetDir, Path classMap) throws IOException {
    Path src = Path.of(source.source());
    if (Files.isDirectory(src)) {
      throw new IOException(src + " is already a SavedModel directory; export builds from a .tflite");
    }
    if (source.sha256() != null && !source.sha256().isBlank()) {
      SourceDigest.verify(src, source.sha256());
    }
    Path target = Path.of(targetDir);
    if (Files.exists(target.resolve("saved_model.pb"))) {
      throw new IOException(target + " already holds a SavedModel; refusing to overwrite");
    }
    YamnetWeights weights = TfliteImporter.importWeights(src);
    try (Graph graph = new Graph()) {
      Signature sig = YamnetGraph.waveformSignature(Ops.create(graph), weights);
      try (Session session = new Session(graph)) {
        SavedModelBundle.exporter(target.toString()).withSession(session).withSignature(sig).export();
      }
    }
    if (classMap != null) {
      ClassMap.read(classMap); // refuse to ship a broken map
      Files.copy(classMap, target.resolve(ClassMap.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
    }
    LOG.info("Exported YAMNet SavedModel from {} to {} (class map: {})", src, target, classMap);
  }
}
