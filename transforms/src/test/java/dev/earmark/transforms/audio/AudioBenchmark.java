package dev.earmark.transforms.audio;

import dev.earmark.models.system.ProcessMemory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Benchmark command behind {@code scripts/bench-audio} (not a test): streams one file through the
 * decoder, then through decoder + 16 kHz resampler, and prints speed as multiples of real time,
 * peak heap (sampled while streaming, and the JVM pools' peak) and peak RSS (VmHWM). Run it in a
 * fresh JVM per file so the peaks belong to that file.
 */
public final class AudioBenchmark {
  private static final int BLOCK = 4096;
  private static long peakSampledHeap;

  private AudioBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: AudioBenchmark <file.ogg|file.wav>");
      System.exit(2);
    }
    String uri = args[0];
    AudioInfo info = AudioFiles.probe(uri);
    double seconds = info.durationSeconds();

    // CPU time as well as wall time: on a shared machine wall time mostly measures the neighbours.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long t0 = System.nanoTime();
    long c0 = threads.getCurrentThreadCpuTime();
    long frames = decodeAll(uri);
    double decodeSec = (System.nanoTime() - t0) / 1e9;
    double decodeCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;

    t0 = System.nanoTime();
    c0 = threads.getCurrentThreadCpuTime();
    long out = resampleAll(uri);
    double bothSec = (System.nanoTime() - t0) / 1e9;
    double bothCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
    double resampleCpu = bothCpu - decodeCpu;

    // Random access as the windowed pipeline does it: each window opens, seeks and resamples.
    long outLen = Resampler16k.outputLength(info.sampleRate(), info.totalFrames());
    int windows = 40;
    int windowLen = 10 * Resampler16k.OUTPUT_RATE;
    t0 = System.nanoTime();
    c0 = threads.getCurrentThreadCpuTime();
    for (int w = 0; w < windows; w++) {
      long start = (outLen - windowLen) * w / windows;
      AudioFiles.readMono16k(uri, start, start + windowLen);
      sampleHeap();
    }
    double windowMs = (System.nanoTime() - t0) / 1e6 / windows;
    double windowCpuMs = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / windows;

    long poolPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        poolPeak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(Locale.ROOT,
        "file=%s rate=%d channels=%d duration=%.1fs bytes=%d%n",
        uri, info.sampleRate(), info.channels(), seconds, Files.size(Path.of(uri)));
    System.out.printf(Locale.ROOT,
        "decode: %d frames in %.2fs wall (%.2fs CPU) = %.0fx real time wall, %.0fx per CPU%n",
        frames, decodeSec, decodeCpu, seconds / decodeSec, seconds / decodeCpu);
    // On a short file JIT warm-up dominates both passes and the difference is noise.
    String resampleAlone = resampleCpu > 0.2 * bothCpu
        ? String.format(Locale.ROOT, "~%.0fx", seconds / resampleCpu) : "n/a (too short to time)";
    System.out.printf(Locale.ROOT,
        "decode+resample to 16k mono: %d samples in %.2fs wall (%.2fs CPU) = %.0fx real time"
            + " wall, %.0fx per CPU; resample alone %s real time per CPU%n",
        out, bothSec, bothCpu, seconds / bothSec, seconds / bothCpu, resampleAlone);
    System.out.printf(Locale.ROOT,
        "readMono16k of 10 s windows spread over the file: %.1f ms wall, %.1f ms CPU per window%n",
        windowMs, windowCpuMs);
    System.out.printf(Locale.ROOT,
        "peak heap used: sampled %.1f MB, pool peaks %.1f MB (max heap %.0f MB); peak RSS %s%n",
        peakSampledHeap / 1e6, poolPeak / 1e6, Runtime.getRuntime().maxMemory() / 1e6, vmHwm());
  }

  private static long decodeAll(String uri) throws IOException {
    try (PcmSource s = AudioSources.open(uri)) {
      float[][] buf = new float[s.info().channels()][BLOCK];
      return readToEnd(() -> s.read(buf, 0, BLOCK));
    }
  }

  private static long resampleAll(String uri) throws IOException {
    try (PcmSource s = AudioSources.open(uri); Resampler16k r = new Resampler16k(s, 0)) {
      float[] buf = new float[BLOCK];
      return readToEnd(() -> r.read(buf, 0, BLOCK));
    }
  }

  /** One block read: how many frames (or samples) it delivered, -1 at the end. */
  private interface BlockRead {
    int read() throws IOException;
  }

  /** Repeats {@code read} to the end, sampling the heap every 64 blocks; returns the total read. */
  private static long readToEnd(BlockRead read) throws IOException {
    long total = 0;
    int n;
    int blocks = 0;
    while ((n = read.read()) > 0) {
      total += n;
      if (++blocks % 64 == 0) {
        sampleHeap();
      }
    }
    return total;
  }

  private static void sampleHeap() {
    Runtime rt = Runtime.getRuntime();
    peakSampledHeap = Math.max(peakSampledHeap, rt.totalMemory() - rt.freeMemory());
  }

  /** Peak RSS as /proc prints it ("87396 kB"), or "n/a" without procfs. */
  private static String vmHwm() {
    long peak = ProcessMemory.read().peakRssBytes();
    return peak < 0 ? "n/a" : peak / 1024 + " kB";
  }
}
