package dev.earmark.transforms;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process's memory at one instant: heap, direct buffers, JavaCPP (TF) native bytes, and RSS
 * / peak RSS from {@code /proc/self/status}. Values the platform lacks are -1.
 */
record MemorySnapshot(
    long heapUsed, long heapCommitted, long directBytes, long tfNativeBytes, long rss, long peakRss) {
  private static final Path STATUS = Path.of("/proc/self/status");

  static MemorySnapshot take() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long direct = -1;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if ("direct".equals(pool.getName())) {
        direct = pool.getMemoryUsed();
      }
    }
    long rss = -1;
    long peak = -1;
    try {
      List<String> lines = Files.readAllLines(STATUS);
      rss = statusKb(lines, "VmRSS:");
      peak = statusKb(lines, "VmHWM:");
    } catch (IOException | UnsupportedOperationException e) {
      // No procfs (not Linux): report -1 rather than fail the window.
    }
    return new MemorySnapshot(heap.getUsed(), heap.getCommitted(), direct, javacppBytes(), rss, peak);
  }

  /** JavaCPP's count of native bytes it allocated (TF tensors and buffers); -1 if unavailable. */
  private static long javacppBytes() {
    try {
      return org.bytedeco.javacpp.Pointer.totalBytes();
    } catch (LinkageError e) {
      return -1;
    }
  }

  private static long statusKb(List<String> lines, String key) {
    for (String line : lines) {
      if (line.startsWith(key)) {
        String[] parts = line.substring(key.length()).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
      }
    }
    return -1;
  }

  /** {@code host:pid} of this JVM, to tell workers apart in the metrics. */
  static String worker() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown-host";
    }
    return host + ":" + ProcessHandle.current().pid();
  }
}
