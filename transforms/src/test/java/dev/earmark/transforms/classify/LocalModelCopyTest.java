package dev.earmark.transforms.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.ModelLoadException;
import dev.earmark.models.yamnet.SourceDigest;
import dev.earmark.models.yamnet.YamnetExport;
import dev.earmark.models.yamnet.YamnetModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages a real exported SavedModel (and the .tflite) from {@code file://} URIs through Beam's FileSystems. */
class LocalModelCopyTest {
  private static final int SILENCE = 494;

  @TempDir static Path shared;
  private static Path exported;

  @BeforeAll
  static void exportSavedModel() throws Exception {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    exported = shared.resolve("exported/yamnet");
    YamnetExport.export(ModelConfig.of(tflite()), exported.toString());
    assertTrue(Files.isRegularFile(exported.resolve("saved_model.pb")), "export wrote no saved_model.pb");
  }

  static String tflite() {
    return RealModel.tflite().toString();
  }

  private static String fileUri(Path p) {
    return "file://" + p.toAbsolutePath();
  }

  @Test
  void savedModelFromFileUriIsCopiedWholeAndClassifiesSilence(@TempDir Path root) throws Exception {
    ModelConfig remote = ModelConfig.of(fileUri(exported));
    ModelConfig local = LocalModelCopy.localize(remote, root);

    Path copy = Path.of(local.source());
    assertTrue(copy.startsWith(root), copy + " is not under " + root);
    assertEquals(relativeFiles(exported), relativeFiles(copy));
    assertTrue(Files.isRegularFile(copy.resolve("yamnet_class_map.csv")));
    assertEquals(SourceDigest.sha256(exported), SourceDigest.sha256(copy));
    assertEquals(remote.batchSize(), local.batchSize());
    try (Stream<Path> left = Files.list(root)) {
      assertEquals(1, left.count(), "temp directories left behind in " + root);
    }

    try (YamnetModel yamnet = YamnetModel.load(local)) {
      float[][] scores = yamnet.classify(new float[3 * 16_000]);
      for (float[] patch : scores) {
        assertEquals(SILENCE, argmax(patch), "top class of a silent patch");
      }
    }
  }

  @Test
  void secondCallReusesTheCopy(@TempDir Path root) throws Exception {
    ModelConfig remote = ModelConfig.of(fileUri(exported));
    int before = LocalModelCopy.copiesMade();
    Path copy = Path.of(LocalModelCopy.localize(remote, root).source());
    FileTime mtime = Files.getLastModifiedTime(copy.resolve("saved_model.pb"));
    Path again = Path.of(LocalModelCopy.localize(remote, root).source());
    assertEquals(copy, again);
    assertEquals(before + 1, LocalModelCopy.copiesMade());
    assertEquals(mtime, Files.getLastModifiedTime(again.resolve("saved_model.pb")));
  }

  @Test
  void concurrentCallsMakeOneCompleteCopy(@TempDir Path root) throws Exception {
    ModelConfig remote = ModelConfig.of(fileUri(exported));
    int before = LocalModelCopy.copiesMade();
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<String> stage = () -> {
          start.await();
          String source = LocalModelCopy.localize(remote, root).source();
          // Each caller must see a complete copy the moment it returns.
          assertEquals(relativeFiles(exported), relativeFiles(Path.of(source)));
          return source;
        };
        results.add(pool.submit(stage));
      }
      start.countDown();
      String first = results.get(0).get();
      for (Future<String> r : results) {
        assertEquals(first, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(before + 1, LocalModelCopy.copiesMade());
    try (Stream<Path> dirs = Files.list(root)) {
      assertEquals(1, dirs.count(), "one copy, no temp directories left in " + root);
    }
  }

  @Test
  void tfliteFileUriIsCopiedAsOneFile(@TempDir Path root) throws Exception {
    Path model = Path.of(tflite());
    ModelConfig local = LocalModelCopy.localize(ModelConfig.of(fileUri(model)), root);
    Path copy = Path.of(local.source());
    assertEquals(model.getFileName(), copy.getFileName());
    assertEquals(SourceDigest.sha256(model), SourceDigest.sha256(copy));
  }

  @Test
  void sha256IsCheckedOnTheCopy(@TempDir Path root) throws Exception {
    String uri = fileUri(exported);
    ModelConfig good = ModelConfig.of(uri).withSha256(SourceDigest.sha256(exported));
    assertEquals(good.sha256(), LocalModelCopy.localize(good, root.resolve("good")).sha256());

    Path badRoot = root.resolve("bad");
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> LocalModelCopy.localize(ModelConfig.of(uri).withSha256("00".repeat(32)), badRoot));
    assertTrue(e.getMessage().contains(uri) && e.getMessage().contains("sha256 mismatch"), e.getMessage());
    try (Stream<Path> left = Files.list(badRoot)) {
      assertEquals(0, left.count(), "a copy that failed its sha256 must not stay in " + badRoot);
    }
  }

  @Test
  void localSourcesAreNotCopiedAndMissingRemoteOnesAreNamed(@TempDir Path root) {
    ModelConfig local = ModelConfig.of(exported.toString());
    assertSame(local, LocalModelCopy.localize(local, root));
    assertFalse(LocalModelCopy.isRemote("/models/yamnet"));
    assertTrue(LocalModelCopy.isRemote("gs://bucket/yamnet"));

    String missing = fileUri(shared.resolve("nothing-here"));
    ModelLoadException e = assertThrows(ModelLoadException.class,
        () -> LocalModelCopy.localize(ModelConfig.of(missing), root));
    assertTrue(e.getMessage().contains(missing), e.getMessage());
  }

  private static List<String> relativeFiles(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
