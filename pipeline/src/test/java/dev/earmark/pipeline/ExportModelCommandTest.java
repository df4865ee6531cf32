package dev.earmark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import dev.earmark.models.yamnet.ClassMap;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportModelCommandTest {
  @Test
  void exportsASavedModelWithItsClassMapThatTheRunFindsAgain(@TempDir Path tmp) throws Exception {
    String model = RealModel.tflite().toString();
    Path target = tmp.resolve("yamnet-savedmodel");
    assertEquals(0, Main.run(new String[] {"export-model", "--model=" + model, "--target=" + target}));
    assertTrue(Files.isRegularFile(target.resolve("saved_model.pb")));
    assertEquals(521, ClassMap.read(target.resolve(ClassMap.FILE_NAME)).size());
    // `run --model=<export>` finds the class map inside the SavedModel directory.
    assertEquals(target.resolve(ClassMap.FILE_NAME).toString(), ModelPaths.findClassMap(target.toString()));
  }
}
