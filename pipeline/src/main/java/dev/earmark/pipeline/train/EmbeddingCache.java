package dev.earmark.pipeline.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Embeddings already extracted, one file per clip version under {@code <dir>/<model sha256>/},
 * named by a key that holds everything they depend on (the clip's bytes, the augmentation, its
 * seed and room tone): extracting is what training costs, so a second {@code train} on the same
 * clips, with other settings, takes seconds. A file is written whole or not at all; one that
 * cannot be read is extracted again.
 */
final class EmbeddingCache {
  private final Path dir;

  /** {@code root} null: no cache. */
  EmbeddingCache(Path root, String modelSha256) {
    this.dir = root == null ? null : root.resolve(modelSha256);
  }

  /** The embeddings stored under {@code key}, or null. */
  float[][] get(String key) {
    if (dir == null) {
      return null;
    }
    Path file = dir.resolve(key + ".emb");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      int rows = in.readInt();
      int width = in.readInt();
      float[][] embeddings = new float[rows][width];
      for (float[] row : embeddings) {
        for (int i = 0; i < width; i++) {
          row[i] = in.readFloat();
        }
      }
      return embeddings;
    } catch (IOException e) {
      return null;
    }
  }

  void put(String key, float[][] embeddings) throws IOException {
    if (dir == null) {
      return;
    }
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + key, ".tmp");
    try {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
        out.writeInt(embeddings.length);
        out.writeInt(embeddings.length == 0 ? 0 : embeddings[0].length);
        for (float[] row : embeddings) {
          for (float v : row) {
            out.writeFloat(v);
          }
        }
      }
      Files.move(temp, dir.resolve(key + ".emb"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
