package dev.earmark.pipeline.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the Debian audio tools (sox, espeak-ng, oggenc) that make the demo's audio. A missing tool
 * or a failed run is an {@link IOException} that names the tool and says how to install it.
 */
public final class ExternalTools {
  static final String INSTALL_HINT = "run scripts/setup-tools (installs sox, vorbis-tools, espeak-ng, flac)";

  private ExternalTools() {}

  /** Runs {@code command} in {@code workDir}; returns its stdout; fails with its stderr. */
  public static String run(Path workDir, List<String> command) throws IOException {
    String tool = command.get(0);
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IOException(tool + " is not installed or not on PATH: " + INSTALL_HINT, e);
    }
    process.getOutputStream().close();
    // Drain stderr on its own thread so a chatty tool never blocks on a full pipe.
    StringBuilder errText = new StringBuilder();
    Thread errReader =
        new Thread(
            () -> {
              try {
                errText.append(
                    new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException ignored) {
                // The exit code below reports the failure.
              }
            },
            tool + "-stderr");
    errReader.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code;
    try {
      code = process.waitFor();
      errReader.join();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + tool, e);
    }
    if (code != 0) {
      throw new IOException(
          tool + " failed (exit " + code + "): " + String.join(" ", command) + "\n" + errText.toString().strip());
    }
    return out;
  }

  /** Fails with the install hint if any of {@code tools} is not on PATH. */
  public static void require(String... tools) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String tool : tools) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("missing audio tools " + missing + ": " + INSTALL_HINT);
    }
  }

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
