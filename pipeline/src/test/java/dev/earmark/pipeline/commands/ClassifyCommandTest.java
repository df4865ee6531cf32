package dev.earmark.pipeline.commands;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.models.text.CsvFields;
import dev.earmark.models.yamnet.ModelConfig;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.pipeline.demo.ExternalTools;
import dev.earmark.transforms.audio.AudioFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassifyCommandTest {
  @TempDir Path tmp;

  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private int classify(String... args) {
    return CommandLine.execute(
        new ClassifyCommand(),
        args,
        new PrintStream(outBytes, true, StandardCharsets.UTF_8),
        new PrintStream(errBytes, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  static String modelPath() {
    return RealModel.tflite().toString();
  }

  @Test
  void helpPrintsUsageAndSucceeds() {
    assertEquals(0, classify("--help"));
    assertTrue(out().contains("usage: earmark classify <audio file>"), out());
    assertTrue(out().contains("--scoresCsv"), out());
  }

  @Test
  void usageErrorsExitTwo() {
    assertEquals(2, classify());
    assertTrue(err().contains("--audio is required"), err());
    assertEquals(2, classify("a.ogg", "b.ogg"));
    assertTrue(err().contains("more than one bare argument"), err());
    assertEquals(2, classify("a.ogg", "--bogus=1"));
    assertTrue(err().contains("unknown option --bogus"), err());
    assertEquals(2, classify("a.ogg", "--top=zero"));
    assertTrue(err().contains("top") && err().contains("zero"), err());
    assertEquals(2, classify("a.ogg", "--top=0"));
    assertTrue(err().contains("--top must be a positive integer"), err());
  }

  @Test
  void missingAudioFileIsNamed() {
    Path missing = tmp.resolve("nowhere/night.ogg");
    assertEquals(1, classify(missing.toString(), "--model=" + modelPath()));
    assertTrue(err().contains(missing + ": no such file"), err());
  }

  @Test
  void missingModelSaysHowToGetOne() throws Exception {
    Path audio = Files.write(tmp.resolve("a.wav"), new byte[] {1});
    assertEquals(1, classify(audio.toString(), "--model=" + tmp.resolve("no-model.tflite")));
    assertTrue(err().contains("no-model.tflite: does not exist"), err());
    assertTrue(err().contains("earmark fetch-model"), err());
  }

  @Test
  void topIndicesAreBestFirstWithStableTies() {
    float[] s = {0.1f, 0.9f, 0.5f, 0.9f, 0.2f};
    assertArrayEquals(new int[] {1, 3, 2}, PatchLines.topIndices(s, 3));
    assertArrayEquals(new int[] {1, 3, 2, 4, 0}, PatchLines.topIndices(s, 9));
    assertEquals("    0.48  b 0.900 | d 0.900",
        PatchLines.topLine("0.48", s, List.of("a", "b", "c", "d", "e"), 2));
  }

  @Test
  void patchSecondsAreExact() {
    assertEquals("0.00", ClassifyCommand.patchSeconds(0));
    assertEquals("0.48", ClassifyCommand.patchSeconds(1));
    assertEquals("3599.52", ClassifyCommand.patchSeconds(7499));
  }

  @Test
  void classifiesAWholeFileInWindowsLikeOneCall() throws Exception {
    String model = modelPath();
    // 70 s at 44.1 kHz stereo: silence, a 440 Hz sine, then noise; 145 patches = two windows.
    Path audio = tmp.resolve("mix.ogg");
    ExternalTools.run(tmp, List.of("sox", "-R", "-n", "-r", "44100", "-c", "2", "-b", "16", "sil.wav", "trim", "0", "20"));
    ExternalTools.run(tmp, List.of("sox", "-R", "-n", "-r", "44100", "-c", "2", "-b", "16", "sine.wav", "synth", "20", "sine", "440", "vol", "0.5"));
    ExternalTools.run(tmp, List.of("sox", "-R", "-n", "-r", "44100", "-c", "2", "-b", "16", "noise.wav", "synth", "30", "whitenoise", "vol", "0.3"));
    ExternalTools.run(tmp, List.of("sox", "-R", "sil.wav", "sine.wav", "noise.wav", "mix.wav"));
    ExternalTools.run(tmp, List.of("oggenc", "-Q", "--serial", "7", "-o", audio.toString(), "mix.wav"));
    Path csv = tmp.resolve("out/scores.csv");
    Path embeddingsCsv = tmp.resolve("out/embeddings.csv");

    assertEquals(
        0,
        classify(audio.toString(), "--top=5", "--scoresCsv=" + csv, "--embeddingsCsv=" + embeddingsCsv,
            "--model=" + model, "--inferenceBatchSize=16"),
        err());

    long samples = 70L * 16_000;
    int patches = (int) PatchGrid.patchCount(samples);
    assertTrue(patches > dev.earmark.models.yamnet.PatchGrid.DEFAULT_WINDOW_PATCHES, "must span more than one window");
    List<String> lines = out().lines().toList();
    assertEquals(patches, lines.size(), out());
    assertTrue(lines.get(0).startsWith("    0.00  Silence "), lines.get(0));
    assertTrue(lines.get(60).contains("Sine wave") || lines.get(60).contains("Dial tone")
        || lines.get(60).contains("Telephone"), lines.get(60));

    List<String> rows = Files.readAllLines(csv);
    assertEquals(patches + 1, rows.size());
    String header = rows.get(0);
    assertTrue(header.startsWith("time_s,Speech,\"Child speech, kid speaking\",Conversation,"), header);
    assertEquals(1 + YamnetModel.NUM_CLASSES, CsvFields.split(header).size());
    assertFalse(Files.list(csv.getParent()).anyMatch(p -> p.toString().endsWith(".tmp")));

    List<String> embeddingRows = Files.readAllLines(embeddingsCsv);
    assertEquals(patches + 1, embeddingRows.size());
    assertTrue(embeddingRows.get(0).startsWith("time_s,e0,e1,"), embeddingRows.get(0));
    assertEquals(1 + YamnetModel.EMBEDDING_SIZE, CsvFields.split(embeddingRows.get(0)).size());

    // Windowed scores and embeddings equal one whole-file call (the windows overlap by 7920 samples).
    float[] whole = AudioFiles.readMono16k(audio.toString(), 0, PatchGrid.spanEnd(0, patches));
    YamnetModel.PatchOutputs expected;
    try (YamnetModel yamnet = YamnetModel.load(ModelConfig.of(model))) {
      expected = yamnet.classifyWithEmbeddings(whole, patches);
    }
    for (int p : new int[] {0, 124, 125, 126, patches - 1}) {
      List<String> fields = CsvFields.split(rows.get(p + 1));
      assertEquals(ClassifyCommand.patchSeconds(p), fields.get(0));
      for (int c = 0; c < YamnetModel.NUM_CLASSES; c++) {
        assertEquals(expected.scores()[p][c], Float.parseFloat(fields.get(c + 1)), 1e-5, "patch " + p + " class " + c);
      }
      List<String> embedding = CsvFields.split(embeddingRows.get(p + 1));
      assertEquals(ClassifyCommand.patchSeconds(p), embedding.get(0));
      for (int e = 0; e < YamnetModel.EMBEDDING_SIZE; e++) {
        assertEquals(expected.embeddings()[p][e], Float.parseFloat(embedding.get(e + 1)), 1e-5, "patch " + p + " value " + e);
      }
    }
  }

  @Test
  void classifiesAWavFileToo() throws Exception {
    // Google's test case: 3 s of digital silence at 16 kHz -> 6 patches, all "Silence".
    ExternalTools.run(tmp, List.of("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", "quiet.wav", "trim", "0", "3"));
    assertEquals(0, classify(tmp.resolve("quiet.wav").toString(), "--top=1", "--model=" + modelPath()), err());
    List<String> lines = out().lines().toList();
    assertEquals(6, lines.size(), out());
    for (String line : lines) {
      assertTrue(line.contains("  Silence "), line);
    }
    assertTrue(lines.get(5).startsWith("    2.40  Silence"), lines.get(5));
  }

  @Test
  void classMapIsFoundBesideTheModel() throws Exception {
    dev.earmark.models.yamnet.ClassMap map = dev.earmark.models.yamnet.ClassMapLocator.load(Path.of(modelPath()));
    assertEquals(521, map.size());
    assertEquals("Speech", map.displayName(0));
    assertEquals("Child speech, kid speaking", map.displayName(1));
    assertEquals("\"Child speech, kid speaking\"", PatchLines.csvQuote(map.displayName(1)));
    assertEquals("Silence", map.displayName(494));
    // A SavedModel carries its map in assets/ (TF Hub layout).
    Path sm = tmp.resolve("sm");
    Files.createDirectories(sm.resolve("assets"));
    Files.copy(Path.of(System.getProperty("earmark.yamnet.dir"), "yamnet_class_map.csv"),
        sm.resolve("assets/yamnet_class_map.csv"));
    assertEquals(sm.resolve("assets/yamnet_class_map.csv"), dev.earmark.models.yamnet.ClassMapLocator.find(sm).orElseThrow());
  }
}
