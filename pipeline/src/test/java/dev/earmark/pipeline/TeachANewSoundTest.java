package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.pipeline.heads.HeadFile;
import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's walkthrough as a test, with the real model: a sound earmark has no type for (a
 * whistle: a rising tone with vibrato), taught from 16 clips of 8 sources and background, is found
 * by {@code run} on a night none of those clips is in, where no class rule fires; the same examples
 * and seed give the same head file byte for byte, from the embedding cache or without it; bad heads
 * are one-line usage errors.
 */
class TeachANewSoundTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final double[] WHISTLES_AT = {6, 17, 29};
  @TempDir static Path tmp;
  static Path examples;
  static Path head;

  @BeforeAll
  static void train() throws Exception {
    examples = tmp.resolve("examples");
    for (int s = 0; s < 8; s++) {
      Path source = Files.createDirectories(examples.resolve("whistle/src" + s));
      int low = 1500 + 100 * s;
      whistle(source.resolve("a.wav"), low, low + 700, 1.0 + 0.1 * s, 0.6, 0.5);
      whistle(source.resolve("b.wav"), low + 200, low + 1000, 0.8, 0.3, 0.4);
    }
    String[] beds = {"pinknoise", "brownnoise", "whitenoise", "sine 440", "sine 150", "pinknoise"};
    for (int s = 0; s < beds.length; s++) {
      Path source = Files.createDirectories(examples.resolve("background/src" + s));
      TestAudio.synth(source, "bed", 16000, 1, 4, beds[s], 0.05 + 0.05 * s);
    }
    Path speech = Files.createDirectories(examples.resolve("background/speech"));
    TestAudio.speech(speech, "talk", "It is three in the morning and the house is quiet.", 0.3, 4, 16000);
    head = tmp.resolve("whistle-head.json");
    assertEquals(0, Main.run(new String[] {"train", "--examples=" + examples, "--output=" + head,
        "--model=" + RealModel.tflite(), "--embeddingCache=" + tmp.resolve("cache"), "--steps=150"}));
  }

  /** A tone rising from {@code low} to {@code high} Hz with vibrato, {@code pad} s of quiet either side. */
  static void whistle(Path out, int low, int high, double seconds, double pad, double volume) {
    TestAudio.sox(List.of("-n", "-r", "16000", "-b", "16", "-c", "1", out.toString(), "synth", num(seconds),
        "sine", low + "-" + high, "tremolo", "6", "40", "vol", num(volume), "pad", num(pad), num(pad)));
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  @Test
  void theSameExamplesAndSeedGiveTheSameHeadByteForByte() throws Exception {
    Path again = tmp.resolve("again.json");
    assertEquals(0, Main.run(new String[] {"train", "--examples=" + examples, "--output=" + again,
        "--model=" + RealModel.tflite(), "--embeddingCache=none", "--steps=150"}));
    assertArrayEquals(Files.readAllBytes(head), Files.readAllBytes(again), "cached and fresh embeddings, one head");
    JsonNode h = JSON.readTree(head.toFile());
    assertEquals(List.of("whistle"), List.of(h.get("types").get(0).get("name").asText()));
    assertEquals(24, h.get("training").get("sources").size(), "every clip listed with its licence");
    assertTrue(h.get("validation").get("whistle").get("patch_recall").asDouble() >= 0.9, h.get("validation").toString());
  }

  @Test
  void aHeadLearnsFromLongRecordingsWithTruthTables() throws Exception {
    List<String> rows = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      Path ogg = whistleNight(tmp.resolve("truth-night" + n), tmp.resolve("nights/n" + n + ".ogg"));
      rows.add("{\"user_id\": \"ann\", \"uri\": \"" + ogg + "\", \"start_time\": \"2025-11-2" + n + "T01:00:00Z\"}");
      List<String> truth = new ArrayList<>(List.of("start_s,end_s,label,level"));
      for (double at : WHISTLES_AT) {
        truth.add(String.format(Locale.ROOT, "%.2f,%.2f,whistle,loud", at, at + 1.1));
      }
      Files.write(Files.createDirectories(tmp.resolve("nights-truth")).resolve("n" + n + ".csv"), truth);
    }
    Path listing = Files.write(tmp.resolve("nights.jsonl"), rows);
    Path learnt = tmp.resolve("from-nights.json");
    assertEquals(0, Main.run(new String[] {"train", "--listing=" + listing, "--truth=" + tmp.resolve("nights-truth") + "/*.csv",
        "--output=" + learnt, "--model=" + RealModel.tflite(), "--embeddingCache=none", "--steps=150"}));
    JsonNode h = JSON.readTree(learnt.toFile());
    assertEquals("whistle", h.get("types").get(0).get("name").asText());
    JsonNode patches = h.get("training").get("patches");
    // 3 whistles of 1.1 s: 2-3 patches each have their middle inside; of 74 patches a night, those
    // within 2 s of a whistle are left out, the rest are the night's negatives.
    long whistles = patches.get("whistle").get("train").asLong() + patches.get("whistle").get("validation").asLong();
    assertTrue(whistles >= 12 && whistles <= 18, "whistle patches of two nights: " + patches);
    assertTrue(patches.get("background").get("train").asLong() > 40, "the nights' negatives: " + patches);
    assertEquals(2, h.get("training").get("sources").size(), "both recordings listed");
    assertTrue(h.get("validation").get("whistle").get("positive_patches").asInt() > 0,
        "one night held out, with its whistles: " + h.get("validation"));
  }

  /**
   * 36 s of pink noise with a whistle (1,750-2,650 Hz over 1.1 s: no example is this one) at each
   * of {@link #WHISTLES_AT}, as Ogg.
   */
  static Path whistleNight(Path dir, Path ogg) throws Exception {
    Path night = Files.createDirectories(dir);
    List<Path> parts = new ArrayList<>();
    parts.add(TestAudio.synth(night, "bed", 16000, 1, 36, "pinknoise", 0.02));
    for (int i = 0; i < WHISTLES_AT.length; i++) {
      Path w = night.resolve("w" + i + ".wav");
      TestAudio.sox(List.of("-n", "-r", "16000", "-b", "16", "-c", "1", w.toString(), "synth", "1.1",
          "sine", "1750-2650", "tremolo", "6", "40", "vol", "0.5", "pad", num(WHISTLES_AT[i]), num(36 - WHISTLES_AT[i] - 1.1)));
      parts.add(w);
    }
    Path mixed = TestAudio.mix(night, "mixed", parts.toArray(Path[]::new));
    Files.createDirectories(ogg.getParent());
    return TestAudio.toOgg(mixed, ogg, 4);
  }

  @Test
  void runFindsTheTaughtSoundOnANightWhereNoRuleFires() throws Exception {
    // Another whistle than any example (see whistleNight).
    Path ogg = whistleNight(tmp.resolve("night"), tmp.resolve("in/0100.ogg"));
    Path listing = Files.writeString(tmp.resolve("listing.jsonl"),
        "{\"user_id\": \"ann\", \"uri\": \"" + ogg + "\", \"start_time\": \"2025-11-20T01:00:00Z\"}\n");

    Path rules = tmp.resolve("out-rules");
    assertEquals(0, Main.run(new String[] {"run", "--listing=" + listing, "--output=" + rules,
        "--model=" + RealModel.tflite(), "--runId=rules", "--head=none"}));
    assertEquals(List.of(), events(rules), "no class rule finds a whistle");

    Path out = tmp.resolve("out-head");
    assertEquals(0, Main.run(new String[] {"run", "--listing=" + listing, "--output=" + out,
        "--model=" + RealModel.tflite(), "--runId=head", "--head=" + head}));
    List<JsonNode> events = events(out);
    assertEquals(WHISTLES_AT.length, events.size(), "one event per whistle: " + events);
    for (int i = 0; i < WHISTLES_AT.length; i++) {
      JsonNode e = events.get(i);
      assertEquals("whistle", e.get("type").asText(), e.toString());
      assertEquals("whistle (head)", e.get("label").asText(), e.toString());
      double middle = (e.get("start_offset_s").asDouble() + e.get("end_offset_s").asDouble()) / 2;
      assertEquals(WHISTLES_AT[i] + 0.55, middle, 1.0, "event " + e);
    }
    JsonNode manifest = JSON.readTree(out.resolve("manifests/ann/2025-11-20/010000.json").toFile());
    // The run's head is the built-in one with the whistle's outputs added.
    assertEquals(HeadFile.merge(HeadFile.builtIn(), HeadFile.read(head)).sha256(),
        manifest.get("settings").get("head_sha256").asText(), "the head is part of the outputs' fingerprint");
    JsonNode rulesManifest = JSON.readTree(rules.resolve("manifests/ann/2025-11-20/010000.json").toFile());
    assertTrue(rulesManifest.get("settings").path("head_sha256").isMissingNode(), "--head=none: no head in it");
  }

  static List<JsonNode> events(Path out) throws Exception {
    Path table = out.resolve("events/ann/2025-11-20.jsonl");
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(table)) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  @Test
  void badHeadsAreOneLineUsageErrors() throws Exception {
    String good = Files.readString(head);
    String otherModel = good.replaceFirst("\"embedding_model_sha256\" : \"[0-9a-f]{64}\"",
        "\"embedding_model_sha256\" : \"" + "ab".repeat(32) + "\"");
    assertThat(runError(Files.writeString(tmp.resolve("other-model.json"), otherModel), null),
        containsString("made for model sha256 abababababab..., but this run's model is"));
    assertThat(runError(Files.writeString(tmp.resolve("broken.json"), good.substring(0, good.length() / 2)), null),
        containsString("broken.json: not a head file: not valid JSON"));
    assertThat(runError(Files.writeString(tmp.resolve("short.json"), good.replaceFirst("\"weights\" : \\[ [^,]+,", "\"weights\" : [")), null),
        containsString("short.json: type 'whistle': \"weights\" must be 1024 numbers, got 1023"));
    Path types = Files.writeString(tmp.resolve("types.json"),
        "{\"types\": [{\"name\": \"door\", \"head\": {\"use\": \"only\"}}]}");
    assertThat(runError(head, types), containsString("type 'door': the head has no type 'door' (it has alarm, baby_cry, dog, sneeze, whistle)"));
  }

  /** The stderr of a run that must stop before its job with exit code 2. */
  static String runError(Path headFile, Path eventTypes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = System.err;
    int code;
    try {
      System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      List<String> args = new ArrayList<>(List.of("run", "--listing=" + tmp.resolve("none.jsonl"),
          "--output=" + tmp.resolve("unused"), "--model=" + RealModel.tflite(), "--head=" + headFile));
      if (eventTypes != null) {
        args.add("--eventTypes=" + eventTypes);
      }
      code = Main.run(args.toArray(String[]::new));
    } finally {
      System.setErr(err);
    }
    String text = bytes.toString(StandardCharsets.UTF_8).strip();
    assertEquals(2, code, text);
    assertEquals(1, text.lines().filter(l -> l.startsWith("earmark run:")).count(), text);
    return text;
  }
}
