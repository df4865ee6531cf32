package dev.earmark.models.yamnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.yamnet.testing.RealModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassMapTest {
  @Test
  void parsesUpstreamCrlfMapInIndexOrder() throws IOException {
    Path csv = RealModel.dir().resolve(ClassMap.FILE_NAME);
    assertTrue(Files.readString(csv).contains("\r\n"), "upstream file has CRLF line endings");
    ClassMap map = ClassMap.read(csv);
    assertEquals(521, map.size());
    assertEquals("Speech", map.displayName(0));
    assertEquals(0, map.requireIndex("Speech"));
    assertEquals("Child speech, kid speaking", map.displayName(1), "quoted name with a comma");
    assertEquals(1, map.indexOfMid("/m/0ytgt").getAsInt());
    assertEquals(494, map.requireIndex("Silence"));
    assertEquals(map.requireIndex("Sine wave"), map.indexOfMid(map.get(map.requireIndex("Sine wave")).mid()).getAsInt());
    assertTrue(map.indexOfName("No such class").isEmpty());
    for (int i = 0; i < map.size(); i++) {
      assertEquals(i, map.get(i).index());
      assertTrue(!map.displayName(i).endsWith("\r"), "no CR left in names");
    }
  }

  @Test
  void rejectsWrongHeaderNamingTheFile(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "a,b,c\r\n0,/m/x,Speech\r\n");
    IOException e = assertThrows(IOException.class, () -> ClassMap.read(bad));
    assertTrue(e.getMessage().contains(bad.toString()));
  }

  @Test
  void rejectsAnUnterminatedQuoteNamingFileAndLine(@TempDir Path tmp) throws IOException {
    Path bad = tmp.resolve("bad.csv");
    Files.writeString(bad, "index,mid,display_name\r\n0,/m/09x0r,Speech\r\n1,/m/0ytgt,\"Child speech\r\n");
    IOException e = assertThrows(IOException.class, () -> ClassMap.read(bad));
    assertTrue(e.getMessage().startsWith(bad + " line 3: unterminated quote"), e.getMessage());
  }

  @Test
  void topKIsBestFirst() {
    assertEquals(2, ClassMap.topK(new float[] {0.1f, 0.5f, 0.9f}, 2)[0]);
    assertEquals(1, ClassMap.topK(new float[] {0.1f, 0.5f, 0.9f}, 2)[1]);
  }
}
