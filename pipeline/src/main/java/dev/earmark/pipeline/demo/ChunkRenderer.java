package dev.earmark.pipeline.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders one {@link DemoChunk} to an Ogg Vorbis file: a low noise floor (bedroom hiss), speech
 * from espeak-ng resampled by sox, alarm beeps and stretches of digital silence, mixed in Java at
 * the chunk's rate, written as 16-bit WAV and encoded by oggenc. Demo chunks are a minute or two,
 * so the whole chunk is held in memory here (unlike the pipeline, which never does that).
 * Deterministic: seeded noise, sox {@code -R}, a fixed oggenc serial.
 */
final class ChunkRenderer {
  /**
   * A quiet room, far below speech (peaks at 0.6). Mostly low-passed: with more white noise
   * YAMNet heard the 16 kHz floor as "Snake"/"White noise" at 0.4-0.5 (measured 2026-11-24).
   */
  private static final double NOISE_LEVEL = 0.002;

  private static final double SPEECH_PEAK = 0.6;
  private static final double BEEP_LEVEL = 0.3;

  private final Path workDir;

  ChunkRenderer(Path workDir) {
    this.workDir = workDir;
  }

  /** Writes {@code target} and returns what was put where. */
  List<DemoEvent> render(DemoChunk chunk, long seed, Path target) throws IOException {
    int frames = Math.toIntExact(chunk.frames());
    int rate = chunk.sampleRate();
    float[][] pcm = new float[chunk.channels()][frames];
    Random random = new Random(seed);
    for (float[] channel : pcm) {
      addNoise(channel, random);
    }
    String uri = target.toAbsolutePath().toString();
    List<DemoEvent> events = new ArrayList<>();
    for (DemoSegment seg : chunk.segments()) {
      int start = (int) Math.round(seg.startSeconds() * rate);
      int end;
      switch (seg.kind()) {
        case SPEECH -> {
          float[] speech = speech(seg.text(), rate);
          end = Math.min(frames, start + speech.length);
          for (float[] channel : pcm) {
            for (int i = start; i < end; i++) {
              channel[i] += speech[i - start];
            }
          }
        }
        case ALARM_BEEPS, SMOKE_ALARM -> {
          end = Math.min(frames, start + (int) Math.round(seg.seconds() * rate));
          float[] beeps = beeps(seg.kind(), end - start, rate);
          for (float[] channel : pcm) {
            for (int i = start; i < end; i++) {
              channel[i] += beeps[i - start];
            }
          }
        }
        case SILENCE -> {
          end = Math.min(frames, start + (int) Math.round(seg.seconds() * rate));
          for (float[] channel : pcm) {
            java.util.Arrays.fill(channel, start, end, 0f);
          }
        }
        default -> throw new IllegalStateException("unhandled " + seg.kind());
      }
      events.add(
          new DemoEvent(
              chunk.userId(),
              uri,
              chunk.start(),
              seg.kind(),
              (double) start / rate,
              (double) end / rate,
              seg.text()));
    }
    encode(pcm, rate, seed, target);
    return events;
  }

  /** Brown-ish noise (one-pole low-pass of white) plus a little white: a room, not a hiss. */
  private static void addNoise(float[] channel, Random random) {
    double state = 0;
    for (int i = 0; i < channel.length; i++) {
      double white = random.nextGaussian();
      state = 0.995 * state + 0.1 * white;
      channel[i] += (float) (NOISE_LEVEL * (0.9 * state + 0.1 * white));
    }
  }

  /** espeak-ng at 22.05 kHz, resampled by sox to {@code rate}, trimmed and peak-normalised. */
  private float[] speech(String text, int rate) throws IOException {
    Path wav = Files.createTempFile(workDir, "speech", ".wav");
    Path raw = Files.createTempFile(workDir, "speech", ".f32");
    try {
      ExternalTools.run(workDir, List.of("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text));
      ExternalTools.run(
          workDir,
          List.of(
              "sox", "-R", wav.toString(), "-t", "raw", "-e", "floating-point", "-b", "32",
              "-L", "-c", "1", raw.toString(), "rate", "-h", Integer.toString(rate)));
      ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
      float[] samples = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(samples);
      return trimAndNormalise(samples);
    } finally {
      Files.deleteIfExists(wav);
      Files.deleteIfExists(raw);
    }
  }

  /** Drops espeak's leading/trailing near-silence so the truth offsets are where speech is. */
  private static float[] trimAndNormalise(float[] s) {
    float peak = 0;
    for (float v : s) {
      peak = Math.max(peak, Math.abs(v));
    }
    if (peak == 0) {
      throw new IllegalStateException("espeak-ng produced silence");
    }
    float threshold = peak * 0.02f;
    int first = 0;
    while (first < s.length && Math.abs(s[first]) < threshold) {
      first++;
    }
    int last = s.length - 1;
    while (last > first && Math.abs(s[last]) < threshold) {
      last--;
    }
    float[] out = new float[last - first + 1];
    float gain = (float) (SPEECH_PEAK / peak);
    for (int i = 0; i < out.length; i++) {
      out[i] = s[first + i] * gain;
    }
    return out;
  }

  /**
   * Alarm clock: 2 kHz beeps 0.1 s on / 0.1 s off, four per 1.3 s cycle. Smoke alarm: the T3
   * pattern at 3.1 kHz (0.5 s on / 0.5 s off ×3, then 1.5 s off). Square-ish (fundamental plus
   * third harmonic) with 5 ms ramps so the edges do not click.
   */
  private static float[] beeps(DemoSegment.Kind kind, int n, int rate) {
    boolean smoke = kind == DemoSegment.Kind.SMOKE_ALARM;
    double freq = smoke ? 3100 : 2000;
    double on = smoke ? 0.5 : 0.1;
    double period = smoke ? 1.0 : 0.2;
    double cycle = smoke ? 4.5 : 1.3;
    int beepsPerCycle = smoke ? 3 : 4;
    float[] out = new float[n];
    double ramp = 0.005;
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      double inCycle = t % cycle;
      int beep = (int) (inCycle / period);
      double inBeep = inCycle - beep * period;
      if (beep >= beepsPerCycle || inBeep >= on) {
        continue;
      }
      double env = Math.min(1.0, Math.min(inBeep / ramp, (on - inBeep) / ramp));
      double phase = 2 * Math.PI * freq * t;
      out[i] = (float) (BEEP_LEVEL * env * (Math.sin(phase) + Math.sin(3 * phase) / 3) / 1.2);
    }
    return out;
  }

  private void encode(float[][] pcm, int rate, long seed, Path targetPath) throws IOException {
    Path target = targetPath.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path wav = Files.createTempFile(workDir, "chunk", ".wav");
    Path tmpOgg = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      writeWav16(pcm, rate, wav);
      ExternalTools.run(
          workDir,
          List.of(
              "oggenc", "-Q", "-q", "4", "--serial", Long.toString(seed),
              "-o", tmpOgg.toString(), wav.toString()));
      Files.move(tmpOgg, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(wav);
      Files.deleteIfExists(tmpOgg);
    }
  }

  static void writeWav16(float[][] pcm, int rate, Path wav) throws IOException {
    int channels = pcm.length;
    int frames = pcm[0].length;
    int dataBytes = frames * channels * 2;
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    header.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    header.putShort((short) 1).putShort((short) channels).putInt(rate);
    header.putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    header.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
    ByteBuffer data = ByteBuffer.allocate(dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      for (float[] channel : pcm) {
        float v = Math.max(-1f, Math.min(1f, channel[i]));
        data.putShort((short) Math.round(v * 32767f));
      }
    }
    try (OutputStream out = Files.newOutputStream(wav)) {
      out.write(header.array());
      out.write(data.array());
    }
  }
}
