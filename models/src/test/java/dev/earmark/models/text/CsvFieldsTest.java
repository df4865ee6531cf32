package dev.earmark.models.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earmark.models.text.CsvFields.MalformedCsvException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFieldsTest {
  @Test
  void splitsPlainFieldsKeepingEmptyOnesAndSpaces() throws MalformedCsvException {
    assertEquals(List.of("0", "/m/09x0r", "Speech"), CsvFields.split("0,/m/09x0r,Speech"));
    assertEquals(List.of("", "b", "", ""), CsvFields.split(",b,,"));
    assertEquals(List.of(""), CsvFields.split(""));
    assertEquals(List.of(" a ", " b"), CsvFields.split(" a , b"), "no trimming: callers decide");
  }

  @Test
  void quotedFieldsHoldCommasAndDoubledQuotes() throws MalformedCsvException {
    assertEquals(
        List.of("1", "/m/0ytgt", "Child speech, kid speaking"),
        CsvFields.split("1,/m/0ytgt,\"Child speech, kid speaking\""));
    assertEquals(List.of("say \"hi\"", "x"), CsvFields.split("\"say \"\"hi\"\"\",x"));
    assertEquals(List.of("\"", ""), CsvFields.split("\"\"\"\","));
    assertEquals(List.of("", "z"), CsvFields.split("\"\",z"), "an empty quoted field");
  }

  @Test
  void dropsTheCrOfACrlfLineEndingButKeepsOneInsideQuotes() throws MalformedCsvException {
    assertEquals(List.of("a", "b"), CsvFields.split("a,b\r"));
    assertEquals(List.of("a", "b"), CsvFields.split("a,\"b\"\r"));
    assertEquals(List.of("a\rb", "c"), CsvFields.split("\"a\rb\",c"));
  }

  @Test
  void textAroundAQuotedPartJoinsIt() throws MalformedCsvException {
    // Lenient on purpose: earlier parsers accepted these and listings may contain them.
    assertEquals(List.of("ab,cd", "e"), CsvFields.split("a\"b,c\"d,e"));
    assertEquals(List.of("a", " b"), CsvFields.split("a, \"b\""));
  }

  @Test
  void unterminatedQuoteIsAnErrorSayingWhere() {
    MalformedCsvException e =
        assertThrows(MalformedCsvException.class, () -> CsvFields.split("u1,\"s3://b/x.ogg,2024"));
    assertTrue(e.getMessage().contains("unterminated quote"), e.getMessage());
    assertTrue(e.getMessage().contains("character 4"), e.getMessage());
    assertThrows(MalformedCsvException.class, () -> CsvFields.split("\"a\"\"\r"));
    assertThrows(MalformedCsvException.class, () -> CsvFields.split("\""));
  }
}
