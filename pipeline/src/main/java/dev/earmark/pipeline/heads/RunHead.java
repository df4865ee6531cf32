package dev.earmark.pipeline.heads;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head a run uses: the one built into the jar (the built-in event types read it), plus the
 * file given with {@code --head}, whose outputs replace built-in ones of the same name and whose
 * other types ({@link #taught}) become event types of their own; {@code --head=none} for no head
 * at all. A head reads one model's embeddings: a file made for another model is an error, the
 * built-in head on another model is left out with a warning (types that read it then use their
 * classes alone).
 */
public record RunHead(HeadFile head, List<String> taught) {
  /** {@code --head} value that turns heads off. */
  public static final String NONE = "none";
  private static final Logger LOG = LoggerFactory.getLogger(RunHead.class);

  /** No head. */
  public static final RunHead NO_HEAD = new RunHead(null, List.of());

  public RunHead {
    taught = List.copyOf(taught);
  }

  /** The head of a run whose model has sha256 {@code modelSha256}, given {@code --head}'s value. */
  public static RunHead of(String option, String modelSha256) {
    if (NONE.equals(option)) {
      return NO_HEAD;
    }
    HeadFile builtIn = HeadFile.builtIn();
    if (builtIn != null && !builtIn.modelSha256().equals(modelSha256)) {
      LOG.warn("the built-in head reads the embeddings of model {}, not of this run's model ({}): class rules only",
          shortSha(builtIn.modelSha256()), shortSha(modelSha256));
      builtIn = null;
    }
    if (option == null) {
      return new RunHead(builtIn, List.of());
    }
    HeadFile given = HeadFile.read(Path.of(option));
    if (!given.modelSha256().equals(modelSha256)) {
      throw new IllegalArgumentException("--head=" + option + ": made for model sha256 " + shortSha(given.modelSha256())
          + "..., but this run's model is " + shortSha(modelSha256) + "... (train the head on this model)");
    }
    return new RunHead(builtIn == null ? given : HeadFile.merge(builtIn, given), given.head().types());
  }

  private static String shortSha(String sha256) {
    return sha256.substring(0, Math.min(12, sha256.length()));
  }
}
