package dev.earmark.models.yamnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * A TF session running YAMNet's waveform signature plus the tensor names to feed and fetch. Both
 * sources end here, so a TF Hub SavedModel, our exported one and a {@code .tflite} built in memory
 * share one runtime path. Owns (and closes) the graph/session or the bundle.
 */
record LoadedSession(
    Session session, String input, String scores, String embeddings, String logMel,
    Signature signature, AutoCloseable owner) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadedSession.class);
  /** TF Hub's google/yamnet/1 names its outputs output_0..2; ours are named. */
  private static final List<List<String>> OUTPUT_KEYS = List.of(
      List.of(YamnetGraph.SCORES, "output_0"),
      List.of(YamnetGraph.EMBEDDINGS, "output_1"),
      List.of(YamnetGraph.LOG_MEL, "output_2"));

  static LoadedSession open(ModelConfig config) {
    Path source = Path.of(config.source());
    if (!Files.exists(source)) {
      throw new ModelLoadException("YAMNet model source not found: " + source
          + " (give a .tflite file or a SavedModel directory)");
    }
    if (config.sha256() != null && !config.sha256().isBlank()) {
      SourceDigest.verify(source, config.sha256());
    }
    ConfigProto proto = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(config.intraOpThreads())
        .setInterOpParallelismThreads(config.interOpThreads())
        .build();
    long t0 = System.nanoTime();
    LoadedSession loaded = Files.isDirectory(source)
        ? fromSavedModel(source, proto) : fromTflite(source, proto);
    LOG.info("Loaded YAMNet from {} in {} ms", source, (System.nanoTime() - t0) / 1_000_000);
    return loaded;
  }

  static LoadedSession fromTflite(Path source, ConfigProto proto) {
    YamnetWeights weights;
    try {
      weights = TfliteImporter.importWeights(source);
    } catch (IOException e) {
      throw new ModelLoadException("cannot import YAMNet from " + source + ": " + e.getMessage(), e);
    }
    return fromWeights(weights, proto);
  }

  static LoadedSession fromWeights(YamnetWeights weights, ConfigProto proto) {
    Graph graph = new Graph();
    try {
      Signature sig = YamnetGraph.waveformSignature(Ops.create(graph), weights);
      Session session = new Session(graph, proto);
      AutoCloseable owner = () -> {
        session.close();
        graph.close();
      };
      return fromSignature(session, sig, owner, "built graph");
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  static LoadedSession fromSavedModel(Path dir, ConfigProto proto) {
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(proto).load();
    } catch (RuntimeException e) {
      throw new ModelLoadException("cannot load SavedModel " + dir + " (tag serve): " + e.getMessage(), e);
    }
    try {
      Signature sig = bundle.function(Signature.DEFAULT_KEY).signature();
      return fromSignature(bundle.session(), sig, bundle, dir.toString());
    } catch (RuntimeException e) {
      bundle.close();
      throw e instanceof ModelLoadException ? e : new ModelLoadException(
          "SavedModel " + dir + " has no usable serving_default signature: " + e.getMessage(), e);
    }
  }

  private static LoadedSession fromSignature(
      Session session, Signature sig, AutoCloseable owner, String what) {
    Map<String, Signature.TensorDescription> inputs = sig.getInputs();
    if (inputs.size() != 1) {
      throw new ModelLoadException(what + ": expected one waveform input, signature has " + inputs.keySet());
    }
    String input = inputs.values().iterator().next().name;
    String[] outs = new String[OUTPUT_KEYS.size()];
    for (int i = 0; i < outs.length; i++) {
      for (String key : OUTPUT_KEYS.get(i)) {
        Signature.TensorDescription d = sig.getOutputs().get(key);
        if (d != null) {
          outs[i] = d.name;
          break;
        }
      }
      if (outs[i] == null && i < 2) {
        throw new ModelLoadException(what + ": signature lacks output " + OUTPUT_KEYS.get(i)
            + "; has " + sig.getOutputs().keySet());
      }
    }
    return new LoadedSession(session, input, outs[0], outs[1], outs[2], sig, owner);
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing YAMNet session failed", e);
    }
  }
}
