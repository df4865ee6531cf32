package dev.earmark.transforms.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocationsTest {
  @Test
  void urisStartWithTheirSchemePathsDoNot() {
    assertTrue(Locations.hasScheme("gs://bucket/recordings/a.ogg"));
    assertTrue(Locations.hasScheme("file:///data/a.ogg"));
    assertTrue(Locations.hasScheme("s3+x.y-z://host/a"));
    assertFalse(Locations.hasScheme("/data/recordings/a.ogg"));
    assertFalse(Locations.hasScheme("relative/a.ogg"));
    assertFalse(Locations.hasScheme("/data/odd://name.ogg"), "'://' inside a local path");
    assertFalse(Locations.hasScheme("1gs://bucket"), "a scheme starts with a letter");
    assertFalse(Locations.hasScheme(null));
  }
}
