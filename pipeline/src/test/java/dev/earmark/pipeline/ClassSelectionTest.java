package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.transforms.values.TargetClass;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassSelectionTest {
  static ClassMap classMap;

  @BeforeAll
  static void readClassMap() throws Exception {
    String dir = System.getProperty("earmark.yamnet.dir");
    assertNotNull(dir, "system property earmark.yamnet.dir (the shared YAMNet folder) is not set");
    classMap = ClassMap.read(Path.of(dir, ClassMap.FILE_NAME));
  }

  @Test
  void semicolonListResolvesInOrder() {
    List<TargetClass> classes = ClassSelection.resolve("Speech;Snoring;Breathing;Cough;Sneeze;Baby cry, infant cry;"
        + "Bark;Alarm;Alarm clock;Smoke detector, smoke alarm", classMap, 0.4f, 0.2f);
    assertEquals(List.of("Speech", "Snoring", "Breathing", "Cough", "Sneeze", "Baby cry, infant cry", "Bark",
        "Alarm", "Alarm clock", "Smoke detector, smoke alarm"),
        classes.stream().map(TargetClass::displayName).toList());
    assertEquals(List.of(0, 38, 36, 42, 44, 20, 70, 382, 389, 393), classes.stream().map(TargetClass::index).toList());
  }

  @Test
  void namesCaseInsensitiveMidsAndPerClassThresholds() {
    List<TargetClass> classes = ClassSelection.resolve("speech,/m/01d3sd@0.3:0.1,Cough@0.7", classMap, 0.4f, 0.2f);
    assertEquals(new TargetClass(0, "/m/09x0r", "Speech", 0.4f, 0.2f), classes.get(0));
    assertEquals(new TargetClass(38, "/m/01d3sd", "Snoring", 0.3f, 0.1f), classes.get(1));
    assertEquals(new TargetClass(42, "/m/01b_21", "Cough", 0.7f, 0.2f), classes.get(2));
  }

  @Test
  void unknownNameSuggestsNearMatches() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClassSelection.resolve("Snore", classMap, 0.4f, 0.2f));
    assertThat(e.getMessage(), containsString("'Snore'"));
    assertThat(e.getMessage(), containsString("Snoring"));
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
        () -> ClassSelection.resolve("Cuogh", classMap, 0.4f, 0.2f));
    assertThat(typo.getMessage(), containsString("did you mean: Cough"));
  }
}
