package dev.earmark.transforms.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
  @TempDir Path dir;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  /** Writes "half" and then fails, like a clip whose source turns out corrupt mid-way. */
  private static final OutputFiles.Body FAILS_HALFWAY = channel -> {
    channel.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.UTF_8)));
    throw new IOException("source broke");
  };

  @AfterEach
  void writesAllowedAgain() {
    OutputFiles.allowWrites(dir.toString());
  }

  private ResourceId local(String name) {
    return FileSystems.matchNewResource(dir.resolve(name).toString(), false);
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void onlyGcsObjectsAppearWholeWhenWritten() {
    assertTrue(OutputFiles.appearsWholeWhenWritten(FileSystems.matchNewResource("gs://bucket/out/a.csv", false)));
    assertFalse(OutputFiles.appearsWholeWhenWritten(local("a.csv")));
  }

  @Test
  void localWritesReplaceTheTargetAndLeaveNoTempName() throws IOException {
    OutputFiles.writeAtomically(local("t.csv"), "first\n");
    OutputFiles.writeAtomically(local("t.csv"), "second\n");
    assertEquals("second\n", Files.readString(dir.resolve("t.csv")));
    assertEquals(List.of("t.csv"), names());
  }

  @Test
  void aLocalBodyThatFailsLeavesNothingUnderEitherName() throws IOException {
    assertThrows(IOException.class, () -> OutputFiles.writeAtomically(local("clip.wav"), "audio/wav", FAILS_HALFWAY));
    assertEquals(List.of(), names());
  }

  @Test
  void theWholeUploadPathWritesTheBodysBytes() throws IOException {
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    OutputFiles.uploadWhole(local("big.bin"), "application/octet-stream", channel -> {
      ByteBuffer bytes = ByteBuffer.wrap(big);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    });
    assertEquals(List.of("big.bin"), names());
    assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(dir.resolve("big.bin"))));
  }

  @Test
  void theWholeUploadPathNeverOpensTheTargetForABodyThatFails() throws IOException {
    // On GCS, opening the target starts an upload that closing would finalize with "half".
    assertThrows(IOException.class, () -> OutputFiles.uploadWhole(local("clip.wav"), "audio/wav", FAILS_HALFWAY));
    assertEquals(List.of(), names());
  }

  @Test
  void partsThatAreNotOnePathComponentAreRefused() {
    assertEquals("/out/events/alice/2025-11-20.jsonl",
        OutputFiles.resolve("/out", "events", "alice", "2025-11-20.jsonl").toString());
    for (String bad : new String[] {"..", ".", "", "../../etc", "a/b", "a\\b"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OutputFiles.resolve("/out", "events", bad, "x.jsonl"), bad);
      assertTrue(e.getMessage().contains("outside /out"), e.getMessage());
    }
  }

  @Test
  void afterStopWritesNoWriteStartsUnderTheRootUntilAllowedAgain() throws IOException {
    String out = dir.resolve("out").toString();
    ResourceId a = FileSystems.matchNewResource(dir.resolve("out/a.csv").toString(), false);
    assertEquals(0, OutputFiles.stopWrites(out, Duration.ZERO));
    OutputWriteException e = assertThrows(OutputWriteException.class, () -> OutputFiles.writeAtomically(a, "x"));
    assertTrue(e.getMessage().contains("a.csv") && e.getMessage().contains("no new writes"), e.getMessage());
    assertThrows(OutputWriteException.class, () -> OutputFiles.uploadWhole(a, "text/plain", c -> {}));
    assertFalse(Files.exists(dir.resolve("out")));
    OutputFiles.writeAtomically(local("out-other.csv"), "y");
    assertEquals(List.of("out-other.csv"), names(), "writes elsewhere go on");
    OutputFiles.allowWrites(out);
    OutputFiles.writeAtomically(a, "x");
    assertEquals("x", Files.readString(dir.resolve("out/a.csv")));
  }

  @Test
  void stopWritesRemovesTheTempFileOfAWriteStillUnderWay() throws Exception {
    // Another thread of a failed job, mid-write: its temporary file goes, and it cannot put it into place.
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> straggler = CompletableFuture.runAsync(() -> {
      try {
        OutputFiles.writeAtomically(local("clip.wav"), "audio/wav", channel -> {
          channel.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.UTF_8)));
          writing.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          channel.write(ByteBuffer.wrap(" and the rest".getBytes(StandardCharsets.UTF_8)));
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertTrue(writing.await(10, TimeUnit.SECONDS));
    assertEquals(1, names().size(), "the temporary file while it is written");
    assertEquals(1, OutputFiles.stopWrites(dir.toString(), Duration.ofMillis(50)));
    assertEquals(List.of(), names(), "removed while the write is still under way");
    release.countDown();
    Exception e = assertThrows(Exception.class, () -> straggler.get(10, TimeUnit.SECONDS));
    assertTrue(e.getCause().getCause() instanceof OutputWriteException, String.valueOf(e.getCause()));
    assertEquals(List.of(), names(), "nothing under the target's name or any other");
  }

  @Test
  void stopWritesWaitsForWritesThatEndInTheGrace() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CompletableFuture<Void> finishing = CompletableFuture.runAsync(() -> {
      try {
        OutputFiles.writeAtomically(local("t.csv"), "text/plain", channel -> {
          writing.countDown();
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          channel.write(ByteBuffer.wrap("whole".getBytes(StandardCharsets.UTF_8)));
        });
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertTrue(writing.await(10, TimeUnit.SECONDS));
    assertEquals(0, OutputFiles.stopWrites(dir.toString(), Duration.ofSeconds(10)), "nothing left to remove");
    finishing.get(10, TimeUnit.SECONDS);
    assertEquals(List.of("t.csv"), names());
    assertEquals("whole", Files.readString(dir.resolve("t.csv")));
  }
}
