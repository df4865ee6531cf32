package dev.earmark.models.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.YamnetModel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticTrainerTest {
  private static final int D = YamnetModel.EMBEDDING_SIZE;

  /** Background noise in every feature; type t is also shifted along its own 16 features. */
  private static float[][] embeddings(int[] labels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[labels.length][D];
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < D; j++) {
        x[i][j] = (float) (random.nextDouble() * 0.2 + 0.3);
      }
      if (labels[i] >= 0) {
        for (int j = 0; j < 16; j++) {
          x[i][16 * labels[i] + j] += 0.2f;
        }
      }
    }
    return x;
  }

  private static int[] labels(int n) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10 == 0 ? 0 : i % 10 == 1 ? 1 : -1; // 10% each type, 80% background
    }
    return labels;
  }

  @Test
  void separatesTypesFromBackgroundAndFromEachOther() {
    int[] labels = labels(400);
    LinearHead head = new LogisticTrainer(new LogisticTrainer.Settings(1e-2, 100, 0.05))
        .train(List.of("dog", "door"), embeddings(labels, 1), labels);
    int[] test = labels(200);
    float[][] scores = head.apply(embeddings(test, 2));
    for (int i = 0; i < test.length; i++) {
      for (int t = 0; t < 2; t++) {
        if (test[i] == t) {
          assertTrue(scores[i][t] > 0.5, "a " + head.types().get(t) + " patch scores " + scores[i][t]);
        } else {
          assertTrue(scores[i][t] < 0.5, "patch " + i + " (label " + test[i] + ") scores " + head.types().get(t)
              + " " + scores[i][t]);
        }
      }
    }
  }

  @Test
  void theSameDataGivesTheSameWeightsBitForBit() {
    int[] labels = labels(120);
    LogisticTrainer trainer = new LogisticTrainer(new LogisticTrainer.Settings(1e-3, 20, 0.05));
    LinearHead a = trainer.train(List.of("dog", "door"), embeddings(labels, 3), labels);
    LinearHead b = trainer.train(List.of("dog", "door"), embeddings(labels, 3), labels);
    for (int t = 0; t < 2; t++) {
      assertArrayEquals(a.weights()[t], b.weights()[t]);
    }
    assertArrayEquals(a.bias(), b.bias());
  }

  @Test
  void aTypeWithoutExamplesIsAnError() {
    int[] labels = new int[20];
    java.util.Arrays.fill(labels, -1);
    labels[0] = 0;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LogisticTrainer(LogisticTrainer.Settings.DEFAULT).train(List.of("dog", "door"),
            embeddings(labels, 4), labels));
    assertEquals("type 'door' has 0 positive patches of 20: a head needs both examples of the type and others",
        e.getMessage());
  }
}
