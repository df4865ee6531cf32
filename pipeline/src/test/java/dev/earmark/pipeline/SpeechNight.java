package dev.earmark.pipeline;

import dev.earmark.transforms.audio.testing.TestAudio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test fixture: real Ogg Vorbis recordings (pink noise with espeak-ng speech inserted at known
 * offsets) made with sox, espeak-ng and oggenc through {@link TestAudio}, and a JSONL listing with
 * one broken file. Speech is trimmed of espeak's silence so the inserted span is exact.
 */
final class SpeechNight {
  /** Where one spoken phrase sits in a recording, in seconds from its start. */
  record Insertion(String uri, double start, double end) {}

  /** One recording to make: rate, channels, length, and where speech goes. */
  record Spec(String user, String day, String hhmm, int rate, int channels, double seconds, double[] speechAt) {}

  static final List<Spec> SPECS = List.of(
      // 10.5 s straddles the 12.0 s window boundary of 25-patch windows.
      new Spec("alice", "2025-11-20", "0530", 44_100, 1, 40, new double[] {4.0, 10.5}),
      new Spec("bob", "2025-11-20", "0600", 48_000, 2, 30, new double[] {20.0}));

  static final String[] PHRASES = {
    "Good morning. Did you sleep well last night?",
    "Please turn off the light and close the window now.",
    "I think the dog was barking again at three.",
  };

  final Path listing;
  final Path brokenFile;
  final List<Insertion> insertions = new ArrayList<>();
  final List<Spec> specs = SPECS;

  private static SpeechNight shared;

  /**
   * The night, made once per test JVM (sox and espeak take tens of seconds) and shared read-only
   * by the test classes that run the pipeline on it; deleted when the JVM exits.
   */
  static synchronized SpeechNight shared() throws IOException {
    if (shared == null) {
      Path root = Files.createTempDirectory("earmark-speech-night");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
      shared = create(root);
    }
    return shared;
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort at exit: the folder is under the system temp dir.
    }
  }

  private SpeechNight(Path listing, Path brokenFile) {
    this.listing = listing;
    this.brokenFile = brokenFile;
  }

  static SpeechNight create(Path dir) throws IOException {
    Path input = Files.createDirectories(dir.resolve("input"));
    Path broken = input.resolve("alice/2025-11-20/0600.ogg");
    Files.createDirectories(broken.getParent());
    Files.writeString(broken, "this is not an ogg file\n");
    SpeechNight night = new SpeechNight(input.resolve("listing.jsonl"), broken);
    StringBuilder rows = new StringBuilder();
    int phrase = 0;
    for (Spec spec : SPECS) {
      Path ogg = input.resolve(spec.user() + "/" + spec.day() + "/" + spec.hhmm() + ".ogg");
      Files.createDirectories(ogg.getParent());
      Path work = Files.createTempDirectory(dir, "work");
      List<String> mix = new ArrayList<>(List.of("sox", "-m"));
      Path noise = work.resolve("noise.wav");
      sh("sox", "-n", "-r", "" + spec.rate(), "-c", "" + spec.channels(), noise.toString(),
          "synth", "" + spec.seconds(), "pinknoise", "vol", "0.01");
      mix.add(noise.toString());
      for (double at : spec.speechAt()) {
        Path raw = work.resolve("speech" + phrase + ".wav");
        Path placed = work.resolve("placed" + phrase + ".wav");
        sh("espeak-ng", "-w", raw.toString(), PHRASES[phrase % PHRASES.length]);
        // Trim espeak's leading and trailing silence so the inserted span is all speech.
        Path trimmed = work.resolve("trimmed" + phrase + ".wav");
        sh("sox", raw.toString(), "-r", "" + spec.rate(), "-c", "" + spec.channels(), trimmed.toString(),
            "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse");
        double length = Double.parseDouble(out("soxi", "-D", trimmed.toString()).trim());
        sh("sox", trimmed.toString(), placed.toString(), "pad", String.format(Locale.ROOT, "%.3f", at));
        mix.add(placed.toString());
        night.insertions.add(new Insertion(ogg.toString(), at, at + length));
        phrase++;
      }
      Path wav = work.resolve("mix.wav");
      // Plain 16-bit PCM WAV: oggenc rejects sox's WAVE_FORMAT_EXTENSIBLE channel mask.
      mix.addAll(List.of("-b", "16", "-e", "signed-integer", "-t", "wavpcm", wav.toString(),
          "trim", "0", "" + spec.seconds()));
      sh(mix.toArray(String[]::new));
      sh("oggenc", "-Q", "-q", "4", "-o", ogg.toString(), wav.toString());
      rows.append(String.format("{\"user_id\": \"%s\", \"uri\": \"%s\", \"start_time\": \"%sT%s:%s:00Z\"}%n",
          spec.user(), input.relativize(ogg), spec.day(), spec.hhmm().substring(0, 2), spec.hhmm().substring(2)));
    }
    rows.append("{\"user_id\": \"alice\", \"uri\": \"alice/2025-11-20/0600.ogg\", \"start_time\": \"2025-11-20T06:00:00Z\"}\n");
    Files.writeString(night.listing, rows.toString(), StandardCharsets.UTF_8);
    return night;
  }

  static void sh(String... command) {
    TestAudio.run(command);
  }

  static String out(String... command) {
    return TestAudio.run(command);
  }
}
