package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamnetClassifyTest {
  @Test
  void writesOneCsvRowPerPatchWithDisplayNameHeader(@TempDir Path tmp) throws Exception {
    Path wav = tmp.resolve("speech16k.wav");
    SpeechTest.run(List.of("espeak-ng", "-w", tmp.resolve("s.wav").toString(), "Hello there, good night."));
    SpeechTest.run(List.of("sox", tmp.resolve("s.wav").toString(), "-r", "16000", "-b", "16", wav.toString()));
    float[] samples = YamnetClassify.readWav16kMono(wav);
    Path csv = tmp.resolve("scores.csv");
    YamnetClassify.main(new String[] {wav.toString(), "--top", "2", "--scores-csv", csv.toString(),
        "--model", RealModel.tflite().toString()});
    List<String> lines = Files.readAllLines(csv);
    assertEquals(1 + PatchGrid.patchCount(samples.length), lines.size());
    assertTrue(lines.get(0).startsWith("time_s,Speech,\"Child speech, kid speaking\","), lines.get(0));
    assertTrue(lines.get(2).startsWith("0.48,"), lines.get(2));
  }

  @Test
  void wrongRateIsAClearError(@TempDir Path tmp) throws Exception {
    Path wav = tmp.resolve("s.wav");
    SpeechTest.run(List.of("espeak-ng", "-w", wav.toString(), "Hello"));
    IOException e = assertThrows(IOException.class, () -> YamnetClassify.readWav16kMono(wav));
    assertTrue(e.getMessage().contains(wav.toString()) && e.getMessage().contains("16 kHz"), e.getMessage());
  }
}
