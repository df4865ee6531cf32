package dev.earmark.transforms.classify;

import dev.earmark.models.system.ProcessMemory;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The process's memory at one instant: heap, direct buffers, JavaCPP (TF) native bytes, and RSS
 * / peak RSS from {@code /proc/self/status}. Values the platform lacks are -1.
 */
record MemorySnapshot(
    long heapUsed, long heapCommitted, long directBytes, long physicalBytes, long rss, long peakRss,
    long rssAnon, long rssFile) {
  static MemorySnapshot take() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long direct = -1;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if ("direct".equals(pool.getName())) {
        direct = pool.getMemoryUsed();
      }
    }
    ProcessMemory process = ProcessMemory.read();
    return new MemorySnapshot(heap.getUsed(), heap.getCommitted(), direct, javacppBytes(),
        process.rssBytes(), process.peakRssBytes(), process.rssAnonBytes(), process.rssFileBytes());
  }

  /**
   * JavaCPP's physical-bytes figure (what it checks against {@code maxPhysicalBytes}): resident
   * memory including TF's native allocations. {@code Pointer.totalBytes()} would only count
   * JavaCPP-allocated pointers, which is 0 here because TF Java 1.1 tensors come from TF's own
   * allocator (measured 2026-11-24). -1 if JavaCPP is unavailable.
   */
  private static long javacppBytes() {
    try {
      return org.bytedeco.javacpp.Pointer.physicalBytes();
    } catch (LinkageError e) {
      return -1;
    }
  }
}
