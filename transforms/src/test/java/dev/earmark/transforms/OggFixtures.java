package dev.earmark.transforms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real Ogg Vorbis test files made with sox + oggenc (sox's WAV is forced to plain PCM for oggenc). */
final class OggFixtures {
  private OggFixtures() {}

  /** {@code seconds} of a sox synth source (e.g. "sine 440", "pinknoise") at {@code rate}/{@code channels}. */
  static Path synth(Path dir, String name, int rate, int channels, double seconds, String... synth)
      throws IOException, InterruptedException {
    Path wav = dir.resolve(name + ".wav");
    Path ogg = dir.resolve(name + ".ogg");
    List<String> cmd = new ArrayList<>(List.of("sox", "-n", "-r", "" + rate, "-c", "" + channels, "-b", "16",
        "-e", "signed-integer", "-t", "wavpcm", wav.toString(), "synth", "" + seconds));
    cmd.addAll(List.of(synth));
    cmd.addAll(List.of("vol", "0.5"));
    run(cmd.toArray(String[]::new));
    run("oggenc", "-Q", "-q", "4", "-o", ogg.toString(), wav.toString());
    return ogg;
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
