package dev.earmark.pipeline.heads;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head a run uses, from {@code --head}: a file, {@code none}, or (not given) the head built
 * into the jar. A head reads one model's embeddings: a file made for another model is an error, the
 * built-in head on another model is left out with a warning (the run then uses its class rules).
 */
public final class RunHead {
  /** {@code --head} value that turns heads off. */
  public static final String NONE = "none";
  private static final Logger LOG = LoggerFactory.getLogger(RunHead.class);

  private RunHead() {}

  /** The head for a run whose model has sha256 {@code modelSha256}, or null for none. */
  public static HeadFile of(String option, String modelSha256) {
    if (NONE.equals(option)) {
      return null;
    }
    if (option == null) {
      HeadFile builtIn = HeadFile.builtIn();
      if (builtIn != null && !builtIn.modelSha256().equals(modelSha256)) {
        LOG.warn("the built-in head reads the embeddings of model {}, not of this run's model ({}): class rules only",
            shortSha(builtIn.modelSha256()), shortSha(modelSha256));
        return null;
      }
      return builtIn;
    }
    HeadFile head = HeadFile.read(Path.of(option));
    if (!head.modelSha256().equals(modelSha256)) {
      throw new IllegalArgumentException("--head=" + option + ": made for model sha256 " + shortSha(head.modelSha256())
          + "..., but this run's model is " + shortSha(modelSha256) + "... (train the head on this model)");
    }
    return head;
  }

  private static String shortSha(String sha256) {
    return sha256.substring(0, Math.min(12, sha256.length()));
  }
}
