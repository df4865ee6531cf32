package dev.earmark.transforms.output;

import dev.earmark.transforms.OggFixtures;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.audio.testing.TestAudio;
import dev.earmark.transforms.values.ClipRef;
import dev.earmark.transforms.values.DeadLetter;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.Recording;
import java.io.File;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.apache.beam.sdk.Pipeline;
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

public class WriteClipsTest implements Serializable {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void writesPaddedClipsAtTheSourceRateAndDeadLettersAMissingSource() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path ogg = OggFixtures.synth(dir, "tone", 48_000, 2, 10, "sine", "440");
    AudioInfo info = AudioFiles.probe(ogg.toString());
    Recording rec = new Recording("alice", ogg.toString(), Instant.parse("2025-11-20T05:30:00Z"), null);
    Recording gone = new Recording("bob", dir.resolve("gone.ogg").toString(), rec.startTime(), null);
    // 2.0..3.5 s, padded by 0.5 s: 1.5..4.0 s = 2.5 s at 48 kHz.
    Event tone = new Event(rec, info, "Sine wave", "/m/01v_m0", 32_000, 56_000, 0.9f, 0.8f);
    Event lost = new Event(gone, info, "Speech", "/m/09x0r", 32_000, 56_000, 0.9f, 0.8f);
    String out = dir.resolve("out").toString();

    WithFailures.Result<PCollection<ClipRef>, DeadLetter> wav = p.apply("Wav", Create.of(tone, lost))
        .apply("WriteWav", new WriteClips(new WriteClips.Settings(out, ClipFormat.WAV, Duration.ofMillis(500), Duration.ofSeconds(30))));
    WithFailures.Result<PCollection<ClipRef>, DeadLetter> flac = p.apply("Flac", Create.of(tone))
        .apply("WriteFlac", new WriteClips(new WriteClips.Settings(out, ClipFormat.FLAC, Duration.ofMillis(500), Duration.ofSeconds(2))));
    String wavPath = out + "/clips/alice/2025-11-20/053000_2000_sine-wave.wav";
    String flacPath = out + "/clips/alice/2025-11-20/053000_2000_sine-wave.flac";
    PAssert.that(wav.output()).containsInAnyOrder(new ClipRef(tone, wavPath, 72_000, 192_000));
    PAssert.that(flac.output()).containsInAnyOrder(new ClipRef(tone, flacPath, 72_000, 168_000));
    PAssert.that(wav.failures().apply(MapElements.into(TypeDescriptors.strings())
            .via((DeadLetter d) -> d.stage() + " " + d.error() + " " + new File(d.uri()).getName())))
        .containsInAnyOrder("WriteClips MISSING_FILE gone.ogg");
    p.run().waitUntilFinish();

    AudioFileFormat format = AudioSystem.getAudioFileFormat(new File(wavPath));
    assertEquals(48_000, format.getFormat().getSampleRate(), 0);
    assertEquals(2, format.getFormat().getChannels());
    assertEquals(120_000, format.getFrameLength());
    // flac -t decodes and checks the MD5; the FLAC clip is capped at 2 s.
    TestAudio.run("flac", "-s", "-t", flacPath);
    String samples = TestAudio.run("soxi", "-s", flacPath).trim();
    assertEquals("96000", samples);
    assertTrue(new File(flacPath).length() > 0);
  }

  @Test
  public void aFaultWritingTheClipFailsTheRunInsteadOfDeadLetteringTheSource() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path ogg = OggFixtures.synth(dir, "tone", 16_000, 1, 4, "sine", "440");
    AudioInfo info = AudioFiles.probe(ogg.toString());
    Recording rec = new Recording("alice", ogg.toString(), Instant.parse("2025-11-20T05:30:00Z"), null);
    // A 300-character label makes a clip name the file system refuses: FileOutputStream throws
    // FileNotFoundException ("File name too long") for the OUTPUT, which used to be read as a
    // MISSING_FILE source and dead-lettered although the source is fine.
    Event event = new Event(rec, info, "x".repeat(300), "/m/x", 16_000, 32_000, 0.9f, 0.8f);
    p.apply(Create.of(event)).apply(new WriteClips(new WriteClips.Settings(
        dir.resolve("out").toString(), ClipFormat.WAV, Duration.ZERO, Duration.ofSeconds(30))));
    Pipeline.PipelineExecutionException e = assertThrows(Pipeline.PipelineExecutionException.class, () -> p.run());
    Throwable cause = e;
    while (cause != null && !(cause instanceof OutputWriteException)) {
      cause = cause.getCause();
    }
    assertTrue("OutputWriteException in the cause chain of " + e, cause instanceof OutputWriteException);
    assertTrue("the case that used to be MISSING_FILE: " + cause.getCause(),
        cause.getCause() instanceof java.io.FileNotFoundException);
    assertTrue(cause.getMessage(), cause.getMessage().contains("053000_1000_" + "x".repeat(300) + ".wav"));
  }
}
