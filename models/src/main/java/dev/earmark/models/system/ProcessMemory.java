package dev.earmark.models.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This process's resident memory from {@code /proc/self/status}: current ({@code VmRSS}) and peak
 * ({@code VmHWM}), and the current RSS split into anonymous memory ({@code RssAnon}: heap, malloc,
 * tensors; without swap it stays resident whatever the pressure) and file-backed pages ({@code
 * RssFile}: mapped library code such as TensorFlow's, which the kernel can drop and read again),
 * in bytes, -1 where the platform has no procfs. The one reader behind the pipeline's memory
 * metrics, the memory test and the benchmarks.
 */
public record ProcessMemory(long rssBytes, long peakRssBytes, long rssAnonBytes, long rssFileBytes) {
  private static final Path STATUS = Path.of("/proc/self/status");

  public static ProcessMemory read() {
    try {
      List<String> lines = Files.readAllLines(STATUS);
      return new ProcessMemory(bytes(lines, "VmRSS:"), bytes(lines, "VmHWM:"), bytes(lines, "RssAnon:"),
          bytes(lines, "RssFile:"));
    } catch (IOException | UnsupportedOperationException e) {
      // No procfs (not Linux): callers report -1 rather than fail.
      return new ProcessMemory(-1, -1, -1, -1);
    }
  }

  /** A {@code "Key:   1234 kB"} line in bytes, -1 when the key is absent. */
  static long bytes(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    return -1;
  }

  /** {@code host:pid} of this JVM: how metrics records and run.json tell workers apart. */
  public static String worker() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown-host";
    }
    return host + ":" + ProcessHandle.current().pid();
  }
}
