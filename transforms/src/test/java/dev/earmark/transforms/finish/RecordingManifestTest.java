package dev.earmark.transforms.finish;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.earmark.transforms.audio.ClipFormat;
import dev.earmark.transforms.values.Recording;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.TargetClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.Test;

public class RecordingManifestTest {
  static final TargetClass SPEECH = new TargetClass(0, "/m/09x0r", "Speech", 0.4f, 0.2f);
  static final Recording ALICE =
      new Recording("alice", "/in/alice/0530.ogg", Instant.parse("2025-11-20T05:30:00Z"), 1800.0);

  static OutputSettings settings(String modelSha, TargetClass c, ClipFormat format) {
    return new OutputSettings("1.0", modelSha, List.of(EventType.single(c)), Duration.ofMillis(480), Duration.ofMillis(1000),
        Duration.ofMillis(1000), Duration.ofSeconds(30), format);
  }

  @Test
  public void theFingerprintChangesWithEveryOutputChangingSetting() {
    OutputSettings base = settings("ab".repeat(32), SPEECH, ClipFormat.WAV);
    assertEquals(base.fingerprint(), settings("AB".repeat(32), SPEECH, ClipFormat.WAV).fingerprint());
    assertNotEquals(base.fingerprint(), settings("cd".repeat(32), SPEECH, ClipFormat.WAV).fingerprint());
    assertNotEquals(base.fingerprint(),
        settings("ab".repeat(32), new TargetClass(0, "/m/09x0r", "Speech", 0.41f, 0.2f), ClipFormat.WAV).fingerprint());
    assertNotEquals(base.fingerprint(), settings("ab".repeat(32), SPEECH, ClipFormat.FLAC).fingerprint());
    assertNotEquals(base.fingerprint(), new OutputSettings("1.0", "ab".repeat(32),
        List.of(new EventType("Speech", List.of(SPEECH), 2)), Duration.ofMillis(480), Duration.ofMillis(1000),
        Duration.ofMillis(1000), Duration.ofSeconds(30), ClipFormat.WAV).fingerprint());
    assertNotEquals(base.fingerprint(), new OutputSettings("1.0", "ab".repeat(32),
        List.of(new EventType("Speech", List.of(SPEECH), 1, List.of(new TargetClass(42, "/m/01b_21", "Cough", 0.5f, 0.5f)))),
        Duration.ofMillis(480), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(30),
        ClipFormat.WAV).fingerprint());
    assertNotEquals(base.fingerprint(), new OutputSettings("1.1", "ab".repeat(32), List.of(EventType.single(SPEECH)),
        Duration.ofMillis(480), Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofSeconds(30),
        ClipFormat.WAV).fingerprint());
  }

  @Test
  public void aManifestReadsBackToTheSameBytesAndMatchesOnlyItsRecordingAndFingerprint() throws Exception {
    OutputSettings s = settings("ab".repeat(32), SPEECH, ClipFormat.WAV);
    String row = "{\"user_id\":\"alice\",\"label\":\"Speech\",\"start_offset_s\":0.5,\"peak_score\":0.9123}";
    RecordingManifest m = new RecordingManifest(ALICE, s.fingerprint(), s.toJson(),
        List.of("/out/clips/alice/2025-11-20/053000_500_speech.wav"), "/out/events/raven/x.selections.txt", List.of(row));
    String json = m.toJson();
    RecordingManifest back = RecordingManifest.parse(json, "m.json");
    assertEquals(json, back.toJson());
    assertEquals(List.of(row), back.eventRows());
    assertTrue(back.finishes(ALICE, s.fingerprint()));
    assertFalse(back.finishes(ALICE, "0".repeat(64)));
    assertFalse(back.finishes(new Recording("alice", "/in/other.ogg", ALICE.startTime(), null), s.fingerprint()));
    assertThrows(RecordingManifest.MalformedManifestException.class, () -> RecordingManifest.parse("{\"user_id\":", "m.json"));
  }
}
