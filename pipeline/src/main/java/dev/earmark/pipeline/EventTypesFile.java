package dev.earmark.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earmark.models.yamnet.ClassMap;
import dev.earmark.models.yamnet.ClassMap.YamnetClass;
import dev.earmark.pipeline.heads.HeadFile;
import dev.earmark.pipeline.heads.HeadUse;
import dev.earmark.transforms.values.EventType;
import dev.earmark.transforms.values.TargetClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the event-types file (JSON): {@code {"types": [{"name", "minPatches", "classes": [{"class",
 * "on", "off"}], "unless": [{"class", "score"}], "head": {"use", "on", "off"}}]}} ({@code unless}
 * is optional: classes that keep the type off in a patch where they score at or above {@code
 * score}, or head outputs, {@code {"head": "sneeze", "score"}}; so is {@code head}: how the type uses the run's head output of its name, {@code either}
 * (the classes or the head), {@code only} (the head; no classes needed) or {@code gate} (the
 * classes, where the head agrees), with the head file's thresholds unless {@code on}/{@code off}
 * are given). A run without a head reads such types by their classes alone. The defaults ship in the jar
 * as {@value #RESOURCE}; {@code --eventTypes=FILE} replaces them. Every mistake is an error naming
 * the file, the type and the class, because a typo that silently dropped a class would quietly cost
 * recall.
 */
final class EventTypesFile {
  static final String RESOURCE = "event-types.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private EventTypesFile() {}

  /** The types shipped in the jar, without a head. */
  static List<EventType> defaults(ClassMap classMap) {
    return defaults(classMap, null);
  }

  /** The types shipped in the jar; {@code head} is the run's head, or null. */
  static List<EventType> defaults(ClassMap classMap, HeadFile head) {
    try (InputStream in = EventTypesFile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return parse("the built-in " + RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8), classMap, head);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the built-in " + RESOURCE, e);
    }
  }

  static List<EventType> read(Path file, ClassMap classMap) {
    return read(file, classMap, null);
  }

  static List<EventType> read(Path file, ClassMap classMap, HeadFile head) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--eventTypes=" + file + ": no such file");
    }
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), classMap, head);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  static List<EventType> parse(String source, String json, ClassMap classMap) {
    return parse(source, json, classMap, null);
  }

  /** {@code source} names the file in every error; {@code head} is the run's head, or null. */
  static List<EventType> parse(String source, String json, ClassMap classMap, HeadFile head) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.path("types").isArray() || root.get("types").isEmpty()) {
      throw new IllegalArgumentException(source + ": want an object with a non-empty \"types\" array");
    }
    onlyKeys(source, "the top level", root, Set.of("about", "types"));
    List<EventType> types = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonNode t : root.get("types")) {
      EventType type = type(source, t, classMap, head);
      if (!names.add(type.name())) {
        throw new IllegalArgumentException(source + ": type '" + type.name() + "' is defined twice");
      }
      types.add(type);
    }
    try {
      EventType.scoreColumns(types);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
    return List.copyOf(types);
  }

  private static EventType type(String source, JsonNode t, ClassMap classMap, HeadFile head) {
    String name = t.path("name").asText("");
    String where = source + ": type '" + name + "'";
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + ": a name is lower-case letters, digits and '_' (e.g. baby_cry)");
    }
    onlyKeys(source, "type '" + name + "'", t, Set.of("name", "about", "minPatches", "classes", "unless", "head"));
    HeadUse use = headUse(where, t.path("head"));
    JsonNode minPatches = t.path("minPatches");
    if (!minPatches.isMissingNode() && !(minPatches.isInt() && minPatches.asInt() >= 1 && minPatches.asInt() <= 20)) {
      throw new IllegalArgumentException(where + ": minPatches must be a whole number from 1 to 20, got " + minPatches);
    }
    boolean headOnly = use != null && use.mode() == HeadUse.Mode.ONLY;
    if (!headOnly && (!t.path("classes").isArray() || t.get("classes").isEmpty())) {
      throw new IllegalArgumentException(where + ": needs a non-empty \"classes\" array");
    }
    List<TargetClass> classes = new ArrayList<>();
    for (JsonNode c : t.path("classes")) {
      classes.add(member(where, c, classMap));
    }
    JsonNode unlessNode = t.path("unless");
    if (!unlessNode.isMissingNode() && !unlessNode.isArray()) {
      throw new IllegalArgumentException(where + ": \"unless\" must be an array of {\"class\", \"score\"}");
    }
    List<TargetClass> unless = new ArrayList<>();
    for (JsonNode c : unlessNode) {
      if (c.has("head")) {
        TargetClass veto = headVeto(where, c, head);
        if (veto != null) {
          unless.add(veto);
        }
      } else {
        unless.add(veto(where, c, classMap));
      }
    }
    int patches = minPatches.isMissingNode() ? 1 : minPatches.asInt();
    if (use == null) {
      return new EventType(name, classes, patches, unless);
    }
    if (head == null) {
      if (headOnly) {
        throw new IllegalArgumentException(where + ": reads the head only, but this run has no head (see --head)");
      }
      return new EventType(name, classes, patches, unless);
    }
    return use.apply(where, new EventType(name, headOnly ? List.of(use.column(where, name, head)) : classes, patches,
        unless), head);
  }

  private static HeadUse headUse(String where, JsonNode node) {
    if (node.isMissingNode()) {
      return null;
    }
    onlyKeys(where, "head", node, Set.of("use", "on", "off", "about"));
    HeadUse.Mode mode = HeadUse.Mode.named(node.path("use").asText(""));
    if (mode == null) {
      throw new IllegalArgumentException(where + ": head: \"use\" must be one of either, only, gate");
    }
    Float on = node.has("on") ? (float) threshold(where + ", head", node, "on") : null;
    Float off = node.has("off") ? (float) threshold(where + ", head", node, "off") : null;
    return new HeadUse(mode, on, off);
  }

  /**
   * An unless entry naming a head output ({@code {"head": "sneeze", "score": 0.9}}): where the
   * head hears that type, this one stays off. Null (no veto) in a run without a head.
   */
  private static TargetClass headVeto(String where, JsonNode c, HeadFile head) {
    String type = c.path("head").asText("");
    String here = where + ", unless head '" + type + "'";
    onlyKeys(where, "unless head '" + type + "'", c, Set.of("head", "score", "about"));
    double score = threshold(here, c, "score");
    if (score <= 0) {
      throw new IllegalArgumentException(here + ": need 0 < score <= 1, got " + score);
    }
    if (head == null) {
      return null;
    }
    return new HeadUse(HeadUse.Mode.ONLY, (float) score, (float) score).column(here, type, head);
  }

  /** An unless class: keeps its type off where it scores at or above {@code score}. */
  private static TargetClass veto(String where, JsonNode c, ClassMap classMap) {
    String className = c.path("class").asText("");
    String here = where + ", unless class '" + className + "'";
    onlyKeys(where, "unless class '" + className + "'", c, Set.of("class", "score", "about"));
    YamnetClass yamnet = yamnetClass(where, className, classMap);
    double score = threshold(here, c, "score");
    if (score <= 0) {
      throw new IllegalArgumentException(here + ": need 0 < score <= 1, got " + score);
    }
    return new TargetClass(yamnet.index(), yamnet.mid(), yamnet.displayName(), (float) score, (float) score);
  }

  private static YamnetClass yamnetClass(String where, String className, ClassMap classMap) {
    try {
      return ClassSelection.find(className, classMap);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static TargetClass member(String where, JsonNode c, ClassMap classMap) {
    String className = c.path("class").asText("");
    String here = where + ", class '" + className + "'";
    onlyKeys(where, "class '" + className + "'", c, Set.of("class", "on", "off", "about"));
    YamnetClass yamnet = yamnetClass(where, className, classMap);
    double on = threshold(here, c, "on");
    double off = threshold(here, c, "off");
    if (on <= 0 || off > on) {
      throw new IllegalArgumentException(here + ": need 0 < on <= 1 and 0 <= off <= on, got on=" + on + " off=" + off);
    }
    return new TargetClass(yamnet.index(), yamnet.mid(), yamnet.displayName(), (float) on, (float) off);
  }

  private static double threshold(String here, JsonNode c, String key) {
    JsonNode v = c.path(key);
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
      throw new IllegalArgumentException(here + ": \"" + key + "\" must be a score from 0 to 1, got "
          + (v.isMissingNode() ? "nothing" : v.toString()));
    }
    return v.asDouble();
  }

  private static void onlyKeys(String source, String what, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(source + ": " + what + ": unknown key \"" + key + "\" (known: "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }
}
