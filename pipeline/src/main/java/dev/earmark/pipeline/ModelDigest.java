package dev.earmark.pipeline;

import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.SourceDigest;
import dev.earmark.transforms.classify.LocalModelCopy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sha256 of the model a run uses, for the output fingerprint: {@code --modelSha256} when given
 * (the workers check it), else the digest of the local source or of this machine's copy of a
 * remote one (the same copy the workers would make).
 */
public final class ModelDigest {
  private ModelDigest() {}

  public static String sha256(ModelConfig model) {
    if (model.sha256() != null && !model.sha256().isBlank()) {
      return model.sha256().trim().toLowerCase(Locale.ROOT);
    }
    String local = LocalModelCopy.localize(model).source();
    try {
      return SourceDigest.sha256(Path.of(local));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash the model " + model.source() + ": " + e.getMessage(), e);
    }
  }
}
