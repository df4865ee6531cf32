package dev.earmark.transforms.windows;

import dev.earmark.transforms.OggFixtures;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.values.AudioWindow;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Recording;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SplitIntoWindowsTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void splitsProbedFilesOnThePatchGridAndDeadLettersBadOnes() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path ogg = OggFixtures.synth(dir, "tone", 44_100, 2, 20, "sine", "440");
    Path notOgg = Files.writeString(dir.resolve("notes.ogg"), "not audio at all, just text\n");
    Instant t = Instant.parse("2025-11-20T05:30:00Z");
    Recording good = new Recording("alice", ogg.toString(), t, null);
    Recording bad = new Recording("alice", notOgg.toString(), t, null);
    Recording missing = new Recording("bob", dir.resolve("missing.ogg").toString(), t, null);

    WithFailures.Result<PCollection<AudioWindow>, DeadLetter> result =
        p.apply(Create.of(good, bad, missing)).apply(new SplitIntoWindows(10));

    // 20 s = 320,000 samples at 16 kHz -> 41 patches -> windows of 10, 10, 10, 10, 1.
    AudioInfo info = new AudioInfo(44_100, 2, 882_000);
    PAssert.that(result.output()).containsInAnyOrder(
        new AudioWindow(good, 0, 0, 10, info),
        new AudioWindow(good, 1, 10, 10, info),
        new AudioWindow(good, 2, 20, 10, info),
        new AudioWindow(good, 3, 30, 10, info),
        new AudioWindow(good, 4, 40, 1, info));
    PAssert.that(result.failures().apply(MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter d) -> Path.of(d.uri()).getFileName() + " " + d.stage() + " " + d.error())))
        .containsInAnyOrder("notes.ogg SplitIntoWindows NOT_OGG", "missing.ogg SplitIntoWindows MISSING_FILE");
    p.run().waitUntilFinish();
  }
}
