package dev.earmark.transforms.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.values.Event;
import dev.earmark.transforms.values.Recording;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WriteClipsNamingTest {
  @BeforeAll
  static void registerFileSystems() {
    // Registers gs:// (gcp-core is on the classpath), as a pipeline run does.
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  static final Recording REC = new Recording("alice", "/in/a.ogg", Instant.parse("2025-11-20T23:45:07Z"), null);

  static Event event(AudioInfo info, long start, long end) {
    return new Event(REC, info, "Smoke detector, smoke alarm", "/m/01y3hg", start, end, 0.9f, 0.8f);
  }

  @Test
  void namesComeFromUserDayStartOffsetAndLabel() {
    Event e = event(new AudioInfo(48_000, 2, 48_000 * 60), 16_000 * 12 + 4_000, 16_000 * 15);
    assertEquals("/out/clips/alice/2025-11-20/234507_12250_smoke-detector-smoke-alarm.flac",
        WriteClips.clipPath("/out", e, ClipFormat.FLAC));
    assertEquals("gs://bucket/run1/clips/alice/2025-11-20/234507_12250_smoke-detector-smoke-alarm.wav",
        WriteClips.clipPath("gs://bucket/run1", e, ClipFormat.WAV));
  }

  @Test
  void labelsBecomeSafeFileNameParts() {
    assertEquals("baby-cry-infant-cry", WriteClips.sanitizeLabel("Baby cry, infant cry"));
    assertEquals("event", WriteClips.sanitizeLabel("../.."));
    assertEquals("speech", WriteClips.sanitizeLabel("  Speech/ "));
  }

  @Test
  void clipSpansArePaddedClampedAndCappedAtTheSourceRate() {
    AudioInfo info = new AudioInfo(44_100, 1, 44_100 * 60);
    Duration pad = Duration.ofSeconds(1);
    // 10 s..12 s -> 9 s..13 s at 44.1 kHz.
    assertEquals(new WriteClips.ClipSpan(44_100 * 9, 44_100 * 13),
        WriteClips.clipSpan(event(info, 160_000, 192_000), pad, Duration.ofSeconds(30)));
    // Padding stops at the file's start and end.
    assertEquals(new WriteClips.ClipSpan(0, 44_100 * 2),
        WriteClips.clipSpan(event(info, 3_960, 16_000), pad, Duration.ofSeconds(30)));
    assertEquals(new WriteClips.ClipSpan(44_100 * 58, 44_100 * 60),
        WriteClips.clipSpan(event(info, 16_000 * 59, 16_000 * 60), pad, Duration.ofSeconds(30)));
    // A 40 s event is cut to 30 s from its padded start.
    assertEquals(new WriteClips.ClipSpan(44_100 * 4, 44_100 * 34),
        WriteClips.clipSpan(event(info, 16_000 * 5, 16_000 * 45), pad, Duration.ofSeconds(30)));
  }
}
