package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.earmark.models.head.LinearHead;
import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.pipeline.heads.HeadFile;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.TargetClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTypesFileTest {
  static ClassMap classMap;
  static String classMapPath;

  @BeforeAll
  static void readClassMap() throws Exception {
    String dir = System.getProperty("earmark.yamnet.dir");
    assertNotNull(dir, "system property earmark.yamnet.dir (the shared YAMNet folder) is not set");
    classMapPath = Path.of(dir, ClassMap.FILE_NAME).toString();
    classMap = ClassMap.read(Path.of(classMapPath));
  }

  static String file(String types) {
    return "{\"types\": [" + types + "]}";
  }

  static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> EventTypesFile.parse("my-types.json", json, classMap))
        .getMessage();
  }

  @Test
  void builtInTypesCoverTheEightSleepEventsWithDisjointClasses() {
    List<EventType> types = EventTypesFile.defaults(classMap);
    assertEquals(List.of("snore", "cough", "sneeze", "speech", "baby_cry", "dog", "alarm", "breathing"),
        types.stream().map(EventType::name).toList());
    for (EventType t : types) {
      for (TargetClass c : t.classes()) {
        assertEquals(c.displayName(), classMap.displayName(c.index()), "class of " + t.name());
      }
    }
    assertEquals(EventType.scoreColumns(types).size(),
        types.stream().mapToInt(t -> t.classes().size() + t.unless().size()).sum());
  }

  @Test
  void readsUnlessClassesWithTheirScores() {
    List<EventType> types = EventTypesFile.parse("my-types.json", file(
        "{\"name\": \"alarm\", \"classes\": [{\"class\": \"Alarm\", \"on\": 0.8, \"off\": 0.4}],"
            + " \"unless\": [{\"class\": \"siren\", \"score\": 0.5}]}"), classMap);
    TargetClass siren = types.get(0).unless().get(0);
    assertEquals("Siren", siren.displayName());
    assertEquals(0.5f, siren.onThreshold());
    assertEquals(0.5f, siren.offThreshold());
    assertEquals(List.of("Alarm", "Siren"), EventType.scoreColumns(types).stream().map(TargetClass::displayName).toList());
  }

  @Test
  void badUnlessEntriesNameTheFileTypeAndClass() {
    String alarm = "{\"name\": \"alarm\", \"classes\": [{\"class\": \"Alarm\", \"on\": 0.8, \"off\": 0.4}], ";
    assertThat(error(file(alarm + "\"unless\": [{\"class\": \"Sirren\", \"score\": 0.5}]}")),
        containsString("my-types.json: type 'alarm': no YAMNet class named 'Sirren'"));
    assertThat(error(file(alarm + "\"unless\": [{\"class\": \"Siren\", \"score\": 2}]}")),
        containsString("my-types.json: type 'alarm', unless class 'Siren': \"score\" must be a score from 0 to 1, got 2"));
    assertThat(error(file(alarm + "\"unless\": [{\"class\": \"Siren\", \"on\": 0.5}]}")),
        containsString("unless class 'Siren': unknown key \"on\""));
    assertThat(error(file(alarm + "\"unless\": [{\"class\": \"Alarm\", \"score\": 0.5}]}")),
        containsString("my-types.json: class 'Alarm' is both a member of 'alarm' and in its unless list"));
    assertThat(error(file(alarm + "\"unless\": {\"class\": \"Siren\"}}")),
        containsString("\"unless\" must be an array"));
  }

  @Test
  void readsNamesMidsThresholdsAndMinPatches() {
    List<EventType> types = EventTypesFile.parse("my-types.json", file(
        "{\"name\": \"snore\", \"minPatches\": 2, \"classes\": [{\"class\": \"snoring\", \"on\": 0.3, \"off\": 0.1},"
            + " {\"class\": \"/m/07q0yl5\", \"on\": 0.5, \"off\": 0.5}]},"
            + "{\"name\": \"cough\", \"classes\": [{\"class\": \"Cough\", \"on\": 1, \"off\": 0}]}"), classMap);
    assertEquals(new EventType("snore", List.of(new TargetClass(38, "/m/01d3sd", "Snoring", 0.3f, 0.1f),
        new TargetClass(41, "/m/07q0yl5", "Snort", 0.5f, 0.5f)), 2), types.get(0));
    assertEquals(new EventType("cough", List.of(new TargetClass(42, "/m/01b_21", "Cough", 1f, 0f)), 1), types.get(1));
  }

  @Test
  void unknownClassNamesTheFileAndTypeAndSuggestsNearMatches() {
    String e = error(file("{\"name\": \"snore\", \"classes\": [{\"class\": \"Snorring\", \"on\": 0.4, \"off\": 0.2}]}"));
    assertThat(e, containsString("my-types.json: type 'snore': no YAMNet class named 'Snorring'"));
    assertThat(e, containsString("did you mean: Snoring"));
  }

  @Test
  void thresholdsOutOfRangeOrMissingAreErrors() {
    assertThat(error(file("{\"name\": \"cough\", \"classes\": [{\"class\": \"Cough\", \"on\": 1.5, \"off\": 0.2}]}")),
        containsString("my-types.json: type 'cough', class 'Cough': \"on\" must be a score from 0 to 1, got 1.5"));
    assertThat(error(file("{\"name\": \"cough\", \"classes\": [{\"class\": \"Cough\", \"on\": 0.3, \"off\": 0.5}]}")),
        containsString("need 0 < on <= 1 and 0 <= off <= on, got on=0.3 off=0.5"));
    assertThat(error(file("{\"name\": \"cough\", \"classes\": [{\"class\": \"Cough\", \"on\": 0.3}]}")),
        containsString("\"off\" must be a score from 0 to 1, got nothing"));
    assertThat(error(file("{\"name\": \"cough\", \"classes\": [{\"class\": \"Cough\", \"on\": \"high\", \"off\": 0}]}")),
        containsString("got \"high\""));
  }

  @Test
  void badStructureIsNamedToo() {
    assertThat(error("{\"types\": [ {\"name\": \"x\", }"), containsString("my-types.json: not valid JSON at line 1"));
    assertThat(error("{\"types\": []}"), containsString("non-empty \"types\" array"));
    assertThat(error(file("{\"name\": \"Snore!\", \"classes\": []}")), containsString("a name is lower-case"));
    assertThat(error(file("{\"name\": \"snore\", \"minPatch\": 2, \"classes\": []}")),
        containsString("type 'snore': unknown key \"minPatch\""));
    assertThat(error(file("{\"name\": \"snore\", \"minPatches\": 0, \"classes\": []}")),
        containsString("minPatches must be a whole number from 1 to 20, got 0"));
    assertThat(error(file("{\"name\": \"a\", \"classes\": [{\"class\": \"Cough\", \"on\": 0.4, \"off\": 0.2}]},"
        + "{\"name\": \"b\", \"classes\": [{\"class\": \"cough\", \"on\": 0.5, \"off\": 0.2}]}")),
        containsString("class 'Cough' is in more than one event type"));
    assertThat(error(file("{\"name\": \"a\", \"classes\": [{\"class\": \"Cough\", \"on\": 0.4, \"off\": 0.2}]},"
        + "{\"name\": \"a\", \"classes\": [{\"class\": \"Sneeze\", \"on\": 0.5, \"off\": 0.2}]}")),
        containsString("type 'a' is defined twice"));
  }

  @Test
  void eventTypesOptionReplacesTheBuiltInTypesAndClassesMakesOneTypePerClass(@TempDir Path dir) throws Exception {
    Path mine = dir.resolve("mine.json");
    Files.writeString(mine, file("{\"name\": \"bark\", \"classes\": [{\"class\": \"Bark\", \"on\": 0.6, \"off\": 0.3}]}"));
    EarmarkOptions o = PipelineOptionsFactory.create().as(EarmarkOptions.class);
    o.setClassMap(classMapPath);
    assertEquals(8, EarmarkPipeline.eventTypes(o).size());
    o.setEventTypes(mine.toString());
    assertEquals(List.of(new EventType("bark", List.of(new TargetClass(70, "/m/05tny_", "Bark", 0.6f, 0.3f)), 1)),
        EarmarkPipeline.eventTypes(o));
    o.setClasses("Speech;Cough@0.7:0.3");
    assertThat(assertThrows(IllegalArgumentException.class, () -> EarmarkPipeline.eventTypes(o)).getMessage(),
        containsString("--classes or --eventTypes, not both"));
    o.setEventTypes(null);
    assertEquals(List.of("Speech", "Cough"), EarmarkPipeline.eventTypes(o).stream().map(EventType::name).toList());
    o.setEventTypes(dir.resolve("missing.json").toString());
    o.setClasses(null);
    assertThat(assertThrows(IllegalArgumentException.class, () -> EarmarkPipeline.eventTypes(o)).getMessage(),
        containsString("missing.json: no such file"));
  }

  /** A head of types dog (on 0.9, off 0.45) and door (on 0.7, off 0.35); weights do not matter here. */
  static HeadFile head() {
    float[][] weights = new float[2][1024];
    return HeadFile.of("ab".repeat(32), new LinearHead(List.of("dog", "door"), weights, new float[2]),
        List.of(new HeadFile.Threshold(0.9f, 0.45f), new HeadFile.Threshold(0.7f, 0.35f)),
        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode());
  }

  @Test
  void aTypeReadsTheHeadAsOneMoreMemberAsAGateAloneOrAsAVeto() {
    String json = "{\"types\": ["
        + "{\"name\": \"dog\", \"classes\": [{\"class\": \"Dog\", \"on\": 0.2, \"off\": 0.1}], \"head\": {\"use\": \"gate\"}},"
        + "{\"name\": \"door\", \"head\": {\"use\": \"only\", \"on\": 0.8}},"
        + "{\"name\": \"cat\", \"classes\": [{\"class\": \"Cat\", \"on\": 0.5, \"off\": 0.25}],"
        + " \"unless\": [{\"head\": \"dog\", \"score\": 0.6}]}]}";
    List<EventType> types = EventTypesFile.parse("heads.json", json, classMap, head());
    EventType dog = types.get(0);
    assertEquals(List.of("Dog"), dog.classes().stream().map(TargetClass::displayName).toList());
    assertEquals(List.of(TargetClass.head(0, "dog", 0.9f, 0.45f)), dog.gates());
    // "only": the head output alone, with the file's "on" and the off no higher than it.
    assertEquals(List.of(TargetClass.head(1, "door", 0.8f, 0.35f)), types.get(1).classes());
    assertEquals(List.of(TargetClass.head(0, "dog", 0.6f, 0.6f)), types.get(2).unless());

    String either = "{\"types\": [{\"name\": \"dog\", \"classes\": [{\"class\": \"Dog\", \"on\": 0.2, \"off\": 0.1}],"
        + " \"head\": {\"use\": \"either\"}}]}";
    assertEquals(List.of("Dog", "dog (head)"), EventTypesFile.parse("e.json", either, classMap, head()).get(0).classes()
        .stream().map(TargetClass::displayName).toList());
    // Without a head, a type keeps its classes; one that reads the head only cannot be.
    assertEquals(List.of("Dog"), EventTypesFile.parse("e.json", either, classMap, null).get(0).classes()
        .stream().map(TargetClass::displayName).toList());
    assertThat(assertThrows(IllegalArgumentException.class, () -> EventTypesFile.parse("h.json", json, classMap, null))
        .getMessage(), containsString("h.json: type 'door': reads the head only, but this run has no head (see --head)"));
    assertThat(assertThrows(IllegalArgumentException.class, () -> EventTypesFile.parse("h.json",
        "{\"types\": [{\"name\": \"dog\", \"classes\": [{\"class\": \"Dog\", \"on\": 0.2, \"off\": 0.1}],"
        + " \"head\": {\"use\": \"sometimes\"}}]}", classMap, head())).getMessage(),
        containsString("h.json: type 'dog': head: \"use\" must be one of either, only, gate"));
  }
}
