package dev.earmark.models.yamnet.bench;

import dev.earmark.models.system.ProcessMemory;
import dev.earmark.models.yamnet.JavaFrontEnd;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.TfliteImporter;
import dev.earmark.models.yamnet.YamnetGraph;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.models.yamnet.YamnetWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Benchmark command, not a test (scripts/bench-models runs one JVM per configuration):
 * {@code classify <model> <batch> <intraThreads> <seconds>} prints patches/s, x real time and
 * peak RSS (VmHWM); {@code frontend <model.tflite> <intraThreads> <seconds>} compares the in-graph
 * front end with the Java one.
 */
public final class YamnetBenchmark {
  private YamnetBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 5 && args[0].equals("classify")) {
      classify(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Double.parseDouble(args[4]));
    } else if (args.length == 6 && args[0].equals("concurrent")) {
      concurrent(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Double.parseDouble(args[5]));
    } else if (args.length == 4 && args[0].equals("frontend")) {
      frontEnd(Path.of(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]));
    } else {
      System.err.println("usage: classify <model> <batch> <intraThreads> <seconds>\n"
          + "       concurrent <model> <batch> <callers> <interOpThreads> <seconds>\n"
          + "       frontend <model.tflite> <intraThreads> <seconds>");
      System.exit(2);
    }
  }

  static float[] audio(double seconds) {
    Random r = new Random(1);
    float[] x = new float[(int) (seconds * PatchGrid.SAMPLE_RATE)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 16000.0) + 0.1 * (2 * r.nextDouble() - 1));
    }
    return x;
  }

  /** Peak RSS in kB, -1 without procfs. */
  static long peakRssKb() {
    long peak = ProcessMemory.read().peakRssBytes();
    return peak < 0 ? -1 : peak / 1024;
  }

  private static void classify(String model, int batch, int threads, double seconds) throws Exception {
    float[] x = audio(seconds);
    int patches = (int) PatchGrid.patchCount(x.length);
    try (YamnetModel m = YamnetModel.load(new ModelConfig(model, batch, threads, 1, null))) {
      m.classify(x, Math.min(patches, 2 * batch)); // warm up
      // The machine is shared: report the best (least disturbed) and the median of 3 passes.
      double[] secs = new double[3];
      for (int rep = 0; rep < secs.length; rep++) {
        long t0 = System.nanoTime();
        m.classify(x, patches);
        secs[rep] = (System.nanoTime() - t0) / 1e9;
      }
      java.util.Arrays.sort(secs);
      System.out.printf("classify batch=%d intraOpThreads=%d: %d patches, best %.0f patches/s"
          + " (%.0fx real time), median %.0f patches/s (%.0fx), peak RSS (VmHWM) %d MB, load avg %s%n",
          batch, threads, patches, patches / secs[0], seconds / secs[0], patches / secs[1],
          seconds / secs[1], peakRssKb() / 1024, loadAverage());
    }
  }

  /**
   * What a runner does: {@code callers} threads share one model (intra-op 1) and each classifies its
   * own audio at the same time. Prints the total patches/s over all callers.
   */
  private static void concurrent(String model, int batch, int callers, int interOp, double seconds)
      throws Exception {
    float[] x = audio(seconds);
    int patches = (int) PatchGrid.patchCount(x.length);
    try (YamnetModel m = YamnetModel.load(new ModelConfig(model, batch, Integer.getInteger("intraOp", 1), interOp, null))) {
      m.classify(x, Math.min(patches, 2 * batch));
      double best = 0;
      java.util.concurrent.atomic.AtomicLong callerCpuNanos = new java.util.concurrent.atomic.AtomicLong();
      long processCpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      for (int rep = 0; rep < 2; rep++) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        long t0 = System.nanoTime();
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int c = 0; c < callers; c++) {
          done.add(pool.submit(() -> {
            long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            m.classify(x, patches);
            callerCpuNanos.addAndGet(
                java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
          }));
        }
        for (java.util.concurrent.Future<?> f : done) {
          f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        best = Math.max(best, callers * patches / secs);
      }
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf("concurrent batch=%d callers=%d interOpThreads=%d: best %.0f patches/s"
          + " (%.0fx real time), process CPU %.2f cores, of it in the callers' own threads %.0f%%,"
          + " peak RSS (VmHWM) %d MB, load avg %s%n", batch, callers, interOp, best,
          best * PatchGrid.HOP_SAMPLES / PatchGrid.SAMPLE_RATE, (processCpuNanos() - processCpu0) / 1e9 / wall,
          100.0 * callerCpuNanos.get() / Math.max(1, processCpuNanos() - processCpu0),
          peakRssKb() / 1024, loadAverage());
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static String loadAverage() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  /** Same network, two front ends: log-mel in the TF graph vs in Java fed as patches. */
  private static void frontEnd(Path tflite, int threads, double seconds) throws Exception {
    YamnetWeights w = TfliteImporter.importWeights(tflite);
    float[] x = audio(seconds);
    int patches = (int) PatchGrid.patchCount(x.length);
    int batch = 32;
    ConfigProto proto = ConfigProto.newBuilder().setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(1).build();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Signature wave = YamnetGraph.waveformSignature(tf, w);
      Signature fromPatches = YamnetGraph.patchesSignature(tf, w);
      try (Session s = new Session(g, proto)) {
        JavaFrontEnd java = new JavaFrontEnd();
        String waveIn = wave.getInputs().get(YamnetGraph.INPUT).name;
        String logMelOut = wave.getOutputs().get(YamnetGraph.LOG_MEL).name;
        String scoresOut = wave.getOutputs().get(YamnetGraph.SCORES).name;
        String patchIn = fromPatches.getInputs().get(YamnetGraph.PATCHES).name;
        String patchScores = fromPatches.getOutputs().get(YamnetGraph.SCORES).name;
        long bestGraphFe = Long.MAX_VALUE;
        long bestJavaFe = Long.MAX_VALUE;
        long bestGraphAll = Long.MAX_VALUE;
        long bestJavaAll = Long.MAX_VALUE;
        for (int rep = 0; rep < 4; rep++) { // first pass warms up; best of the other 3
          long graphFe = 0;
          long javaFe = 0;
          long graphAll = 0;
          long javaAll = 0;
          for (int first = 0; first < patches; first += batch) {
            int n = Math.min(batch, patches - first);
            float[] span = new float[PatchGrid.spanSamples(n)];
            int start = first * PatchGrid.HOP_SAMPLES;
            System.arraycopy(x, start, span, 0, Math.min(span.length, x.length - start));
            long t0 = System.nanoTime();
            try (TFloat32 in = TFloat32.vectorOf(span);
                Result r = s.runner().feed(waveIn, in).fetch(logMelOut).run()) {
              graphFe += System.nanoTime() - t0;
            }
            t0 = System.nanoTime();
            float[] mel = java.logMelPatches(span, n);
            javaFe += System.nanoTime() - t0;
            t0 = System.nanoTime();
            try (TFloat32 in = TFloat32.vectorOf(span);
                Result r = s.runner().feed(waveIn, in).fetch(scoresOut).run()) {
              graphAll += System.nanoTime() - t0;
            }
            t0 = System.nanoTime();
            float[] mel2 = java.logMelPatches(span, n);
            try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, 96, 64), DataBuffers.of(mel2, true, false));
                Result r = s.runner().feed(patchIn, in).fetch(patchScores).run()) {
              javaAll += System.nanoTime() - t0;
            }
            if (mel.length != mel2.length) {
              throw new IllegalStateException();
            }
          }
          if (rep > 0) {
            bestGraphFe = Math.min(bestGraphFe, graphFe);
            bestJavaFe = Math.min(bestJavaFe, javaFe);
            bestGraphAll = Math.min(bestGraphAll, graphAll);
            bestJavaAll = Math.min(bestJavaAll, javaAll);
          }
        }
        System.out.printf("front end only (%d patches, batch %d, %d threads, best of 3): in-graph"
            + " %.0f ms (%.0f patches/s), Java %.0f ms (%.0f patches/s)%n", patches, batch, threads,
            bestGraphFe / 1e6, patches / (bestGraphFe / 1e9), bestJavaFe / 1e6,
            patches / (bestJavaFe / 1e9));
        System.out.printf("end to end (best of 3): waveform signature (in-graph front end) %.0f"
            + " patches/s, Java front end + patches signature %.0f patches/s, load avg %s%n",
            patches / (bestGraphAll / 1e9), patches / (bestJavaAll / 1e9), loadAverage());
      }
    }
  }
}
