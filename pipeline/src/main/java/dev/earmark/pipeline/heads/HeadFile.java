package dev.earmark.pipeline.heads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earmark.models.head.LinearHead;
import dev.earmark.models.yamnet.YamnetModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A trained head as a file (JSON, format {@value #FORMAT}; docs/heads.md describes it): the
 * sha256 of the model whose embeddings it reads, per type its name, on/off thresholds, bias and
 * 1024 weights, and what it was made from ({@code training}: settings, seed, every source clip
 * with its licence) and how it did ({@code validation}). {@link #write} gives the same bytes for
 * the same content. Every problem in a file is one error naming the file.
 */
public record HeadFile(String sha256, String modelSha256, LinearHead head, List<Threshold> thresholds,
    JsonNode training, JsonNode validation) {
  public static final String FORMAT = "earmark-head/1";
  /** The head built into the jar, used by {@code run} unless {@code --head} says otherwise. */
  public static final String RESOURCE = "default-head.json";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** A head output's hysteresis thresholds, chosen in training on the validation split. */
  public record Threshold(float on, float off) {
    public Threshold {
      if (!(off >= 0 && off <= on && on <= 1 && on > 0)) {
        throw new IllegalArgumentException("need 0 <= off <= on <= 1 and on > 0, got on=" + on + " off=" + off);
      }
    }
  }

  public HeadFile {
    thresholds = List.copyOf(thresholds);
    if (thresholds.size() != head.types().size()) {
      throw new IllegalArgumentException("one threshold per head type");
    }
  }

  /** The head file at {@code file}. */
  public static HeadFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--head=" + file + ": no such file");
    }
    try {
      return parse(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The head built into the jar, or null if this build has none. */
  public static HeadFile builtIn() {
    try (InputStream in = HeadFile.class.getResourceAsStream(RESOURCE)) {
      return in == null ? null : parse("the built-in " + RESOURCE, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("reading the built-in " + RESOURCE, e);
    }
  }

  /** {@code source} names the file in every error. */
  static HeadFile parse(String source, byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not a head file: not valid JSON at line "
          + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new IllegalArgumentException(source + ": not a head file: want \"format\": \"" + FORMAT + "\"");
    }
    String model = root.path("embedding_model_sha256").asText("");
    if (!SHA256.matcher(model).matches()) {
      throw new IllegalArgumentException(source + ": \"embedding_model_sha256\" must be 64 lower-case hex digits");
    }
    JsonNode typesNode = root.path("types");
    if (!typesNode.isArray() || typesNode.isEmpty()) {
      throw new IllegalArgumentException(source + ": needs a non-empty \"types\" array");
    }
    List<String> names = new ArrayList<>();
    List<Threshold> thresholds = new ArrayList<>();
    float[][] weights = new float[typesNode.size()][];
    float[] bias = new float[typesNode.size()];
    for (int t = 0; t < typesNode.size(); t++) {
      JsonNode type = typesNode.get(t);
      String name = type.path("name").asText("");
      String where = source + ": type '" + name + "'";
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(where + ": a name is lower-case letters, digits and '_' (e.g. baby_cry)");
      }
      if (names.contains(name)) {
        throw new IllegalArgumentException(where + " is defined twice");
      }
      names.add(name);
      try {
        thresholds.add(new Threshold(number(type, "on"), number(type, "off")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      JsonNode w = type.path("weights");
      if (!w.isArray() || w.size() != YamnetModel.EMBEDDING_SIZE) {
        throw new IllegalArgumentException(where + ": \"weights\" must be " + YamnetModel.EMBEDDING_SIZE
            + " numbers, got " + (w.isArray() ? w.size() : "none"));
      }
      weights[t] = new float[w.size()];
      for (int i = 0; i < w.size(); i++) {
        if (!w.get(i).isNumber()) {
          throw new IllegalArgumentException(where + ": weight " + i + " is not a number: " + w.get(i));
        }
        weights[t][i] = w.get(i).floatValue();
      }
      if (!type.path("bias").isNumber()) {
        throw new IllegalArgumentException(where + ": \"bias\" must be a number");
      }
      bias[t] = type.get("bias").floatValue();
    }
    LinearHead head;
    try {
      head = new LinearHead(names, weights, bias);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
    return new HeadFile(sha256(bytes), model, head, thresholds, root.path("training"), root.path("validation"));
  }

  private static float number(JsonNode node, String key) {
    if (!node.path(key).isNumber()) {
      throw new IllegalArgumentException("\"" + key + "\" must be a number from 0 to 1");
    }
    return node.get(key).floatValue();
  }

  /**
   * The outputs of {@code base} and of {@code extra} as one head (for one run: it is never
   * written); an output of {@code extra} replaces one of {@code base} of the same name. Its
   * sha256 is that of both files'.
   */
  public static HeadFile merge(HeadFile base, HeadFile extra) {
    if (!base.modelSha256.equals(extra.modelSha256)) {
      throw new IllegalArgumentException("heads for different models cannot be merged");
    }
    List<String> names = new ArrayList<>();
    List<float[]> weights = new ArrayList<>();
    List<Float> bias = new ArrayList<>();
    List<Threshold> thresholds = new ArrayList<>();
    for (HeadFile h : List.of(base, extra)) {
      for (int t = 0; t < h.head.types().size(); t++) {
        String name = h.head.types().get(t);
        if (h == base && extra.head.indexOf(name) >= 0) {
          continue;
        }
        names.add(name);
        weights.add(h.head.weights()[t]);
        bias.add(h.head.bias()[t]);
        thresholds.add(h.thresholds.get(t));
      }
    }
    float[] b = new float[bias.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = bias.get(i);
    }
    return new HeadFile(sha256((base.sha256 + extra.sha256).getBytes(StandardCharsets.UTF_8)), base.modelSha256,
        new LinearHead(names, weights.toArray(float[][]::new), b), thresholds, extra.training, extra.validation);
  }

  /** A head as written by {@code earmark train} (its sha256 is that of {@link #toBytes}). */
  public static HeadFile of(String modelSha256, LinearHead head, List<Threshold> thresholds, JsonNode training,
      JsonNode validation) {
    HeadFile draft = new HeadFile("", modelSha256, head, thresholds, training, validation);
    return new HeadFile(sha256(draft.toBytes()), modelSha256, head, thresholds, training, validation);
  }

  /** The file's bytes: keys in a fixed order, numbers as Java prints floats, so equal heads give equal bytes. */
  public byte[] toBytes() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("embedding_model_sha256", modelSha256);
    ArrayNode types = root.putArray("types");
    for (int t = 0; t < head.types().size(); t++) {
      ObjectNode type = types.addObject();
      type.put("name", head.types().get(t));
      type.put("on", thresholds.get(t).on());
      type.put("off", thresholds.get(t).off());
      type.put("bias", head.bias()[t]);
      ArrayNode w = type.putArray("weights");
      for (float v : head.weights()[t]) {
        w.add(v);
      }
    }
    root.set("training", training);
    root.set("validation", validation);
    try {
      return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a head file", e);
    }
  }

  /** Writes the head to {@code file} (whole or not at all: a temporary file, then a rename). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Not createTempFile: its owner-only permissions would stay on the head file.
    Path temp = parent.resolve("." + file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      Files.write(temp, toBytes(), java.nio.file.StandardOpenOption.CREATE_NEW);
      Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Hex sha256 of {@code bytes}: the one digest heads and their training use. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
