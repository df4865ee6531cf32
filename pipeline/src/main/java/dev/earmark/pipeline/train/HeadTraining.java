package dev.earmark.pipeline.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.earmark.models.head.LinearHead;
import dev.earmark.models.head.LogisticTrainer;
import dev.earmark.models.yamnet.PatchGrid;
import dev.earmark.models.yamnet.YamnetModel;
import dev.earmark.models.yamnet.SourceDigest;
import dev.earmark.pipeline.evaluate.TruthRow;
import dev.earmark.pipeline.heads.HeadFile;
import dev.earmark.transforms.audio.AudioFiles;
import dev.earmark.transforms.audio.AudioInfo;
import dev.earmark.transforms.audio.Resampler16k;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Makes a head from an {@link ExampleSet}: every clip in every {@link Augmentation}, plus beds
 * alone, through the model for embeddings (cached); patches of a type's clip count as examples of
 * it where they are loud (within {@value #LOUD_DB} dB of the clip's loudest patch: an example clip
 * holds its sound and some quiet around it), every patch of a background clip or bed as a negative.
 * Sources, not clips, are split: about a fifth of each type's source recordings (at least one, when
 * it has two or more) are held out for validation, chosen by the seed. The head is trained on the
 * rest; validation chooses each output's on-threshold (the best F1 over patches) and gives the
 * figures the head file records.
 */
public final class HeadTraining {
  static final double LOUD_DB = 10;
  /** A clip's loudest patch must reach this (dBFS RMS) for its patches to count as examples. */
  static final double AUDIBLE_DBFS = -60;
  /** Only a clip's first this many seconds are used: examples are short; nights are not examples. */
  static final int MAX_CLIP_SECONDS = 30;
  static final double VALIDATION_SHARE = 0.2;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final double[] BED_LEVELS_DBFS = {-25, -40, -55};
  private static final int BED_SECONDS = 10;

  /** Receives progress while embeddings are extracted. */
  public interface Progress {
    void clipDone(int done, int total, long patches);

    void skipped(ExampleClip clip, String why);

    /** A long recording's embeddings are in. */
    void recordingDone(int done, int total, String uri);

    /** Extraction is over; fitting {@code patches} training patches starts. */
    void fitting(int patches);
  }

  private final YamnetModel model;
  private final String modelSha256;
  private final EmbeddingCache cache;
  private final LogisticTrainer.Settings settings;
  private final long seed;

  public HeadTraining(YamnetModel model, String modelSha256, java.nio.file.Path cacheDir,
      LogisticTrainer.Settings settings, long seed) {
    this.model = model;
    this.modelSha256 = modelSha256;
    this.cache = new EmbeddingCache(cacheDir, modelSha256);
    this.settings = settings;
    this.seed = seed;
  }

  /** One patch's embedding, its label (type index, or -1) and side of the split. */
  private record Row(float[] embedding, int label, boolean validation) {}

  /** A clip read and measured once. */
  private record Clip(ExampleClip example, float[] samples, boolean[] loud, double level, String sha256) {}

  public HeadFile train(ExampleSet set, Progress progress) throws IOException {
    return train(set, Map.of(), progress);
  }

  /**
   * A head from example clips ({@code set}, or null for none) and long recordings with truth tables
   * ({@code nights}: truth rows by recording URI; {@link TruthLabels} labels their patches). The
   * types are the set's, then the truth tables' other labels in name order.
   */
  public HeadFile train(ExampleSet set, Map<String, List<TruthRow>> nights, Progress progress) throws IOException {
    if (set == null) {
      set = new ExampleSet(null, List.of(), List.of());
    }
    List<String> types = new ArrayList<>(set.types());
    nights.values().stream().flatMap(List::stream).map(TruthRow::label).filter(l -> !types.contains(l))
        .sorted().distinct().forEach(types::add);
    if (types.isEmpty()) {
      throw new IllegalArgumentException("nothing to learn: no type folders and no truth rows");
    }
    Map<String, Boolean> validationSources = split(set);
    List<ExampleClip> backgrounds = set.clips().stream().filter(ExampleClip::isBackground).toList();
    List<Row> rows = new ArrayList<>();
    List<ObjectNode> sources = new ArrayList<>();
    int skipped = 0;
    long patches = 0;
    float[][] roomTones = new float[backgrounds.size()][];
    for (int i = 0; i < set.clips().size(); i++) {
      ExampleClip example = set.clips().get(i);
      Clip clip;
      try {
        clip = read(example);
      } catch (IOException | RuntimeException e) {
        progress.skipped(example, e.getMessage());
        skipped++;
        continue;
      }
      if (example.isBackground()) {
        roomTones[backgrounds.indexOf(example)] = clip.samples();
      }
      boolean validation = validationSources.get(example.source());
      int label = example.isBackground() ? -1 : types.indexOf(example.type());
      // One room tone per clip, chosen by the seed, for its room-tone version.
      int roomIndex = backgrounds.isEmpty() ? -1 : (int) Math.floorMod(mix(seed, example.relativePath()), backgrounds.size());
      float[] room = roomIndex < 0 ? null : roomTone(roomTones, backgrounds, roomIndex);
      for (Augmentation augmentation : Augmentation.DEFAULTS) {
        long augmentationSeed = mix(seed, example.relativePath() + "|" + augmentation.name());
        String key = sha256(clip.sha256() + "|" + augmentation.describe() + "|" + augmentationSeed + "|"
            + (room == null || !augmentation.roomTone() ? "" : backgrounds.get(roomIndex).relativePath()));
        float[][] embeddings = embeddings(key, augmentation.apply(clip.samples(), clip.level(), room, augmentationSeed));
        for (int p = 0; p < embeddings.length; p++) {
          if (label < 0 || clip.loud()[p]) {
            rows.add(new Row(embeddings[p], label, validation));
          }
        }
        patches += embeddings.length;
      }
      sources.add(source(example, clip, validation));
      progress.clipDone(i + 1, set.clips().size(), patches);
    }
    addNights(nights, types, rows, sources, progress);
    addBeds(rows);
    float[][] x = rows.stream().filter(r -> !r.validation()).map(Row::embedding).toArray(float[][]::new);
    int[] y = rows.stream().filter(r -> !r.validation()).mapToInt(Row::label).toArray();
    progress.fitting(x.length);
    LinearHead head = new LogisticTrainer(settings).train(types, x, y);
    List<HeadFile.Threshold> thresholds = new ArrayList<>();
    ObjectNode validation = MAPPER.createObjectNode();
    List<Row> held = rows.stream().filter(Row::validation).toList();
    for (int t = 0; t < types.size(); t++) {
      ObjectNode figures = validation.putObject(types.get(t));
      thresholds.add(threshold(head, t, held, figures));
    }
    return HeadFile.of(modelSha256, head, thresholds, training(types, sources, rows, skipped), validation);
  }

  private static float[] roomTone(float[][] read, List<ExampleClip> backgrounds, int index) {
    if (read[index] != null) {
      return read[index];
    }
    try {
      return readSamples(backgrounds.get(index));
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable background is counted where it is read in its own turn
    }
  }

  private float[][] embeddings(String key, float[] samples) throws IOException {
    float[][] cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    int patchCount = Math.toIntExact(PatchGrid.patchCount(samples.length));
    float[][] embeddings = model.classifyWithEmbeddings(samples, patchCount).embeddings();
    cache.put(key, embeddings);
    return embeddings;
  }

  /**
   * Every patch of each recording with a truth table, labelled by {@link TruthLabels}, read window
   * by window (never the whole file); about a fifth of the recordings, chosen by the seed, are held out.
   */
  private void addNights(Map<String, List<TruthRow>> nights, List<String> types, List<Row> rows,
      List<ObjectNode> sources, Progress progress) throws IOException {
    List<String> order = new ArrayList<>(nights.keySet());
    order.sort(Comparator.comparingLong((String uri) -> mix(seed, uri)).thenComparing(uri -> uri));
    int held = order.size() < 2 ? 0 : (int) Math.max(1, Math.ceil(order.size() * VALIDATION_SHARE));
    int done = 0;
    for (String uri : nights.keySet()) {
      boolean validation = order.indexOf(uri) < held;
      String fileSha = SourceDigest.sha256(java.nio.file.Path.of(uri));
      AudioInfo info = AudioFiles.probe(uri);
      long patches = PatchGrid.patchCount(Resampler16k.outputLength(info.sampleRate(), info.totalFrames()));
      for (PatchGrid.PatchRange window : PatchGrid.windows(patches, PatchGrid.DEFAULT_WINDOW_PATCHES)) {
        String key = sha256(fileSha + "|window|" + window.first() + "|" + window.count());
        float[][] embeddings = cache.get(key);
        if (embeddings == null) {
          float[] samples = AudioFiles.readMono16k(uri, window.startSample(), window.endSample());
          embeddings = model.classifyWithEmbeddings(samples, Math.toIntExact(window.count())).embeddings();
          cache.put(key, embeddings);
        }
        for (int p = 0; p < embeddings.length; p++) {
          int label = TruthLabels.label(window.first() + p, nights.get(uri), types);
          if (label != TruthLabels.LEFT_OUT) {
            rows.add(new Row(embeddings[p], label, validation));
          }
        }
      }
      ObjectNode s = MAPPER.createObjectNode();
      s.put("recording", uri);
      s.put("label", "night");
      s.put("split", validation ? "validation" : "train");
      s.put("sha256", fileSha);
      s.put("origin", uri);
      s.put("licence", "unknown");
      sources.add(s);
      progress.recordingDone(++done, nights.size(), uri);
    }
  }

  /** Beds alone at three levels: what a night holds between events, each patch a negative. */
  private void addBeds(List<Row> rows) throws IOException {
    int length = BED_SECONDS * PatchGrid.SAMPLE_RATE;
    for (Bed bed : Bed.values()) {
      for (int l = 0; l < BED_LEVELS_DBFS.length; l++) {
        long bedSeed = mix(seed, "bed|" + bed + "|" + l);
        float[] samples = bed.render(length, bedSeed);
        double scale = Math.pow(10, BED_LEVELS_DBFS[l] / 20);
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (float) (samples[i] * scale);
        }
        float[][] embeddings = embeddings(sha256("bed|" + bed + "|" + BED_LEVELS_DBFS[l] + "|" + bedSeed), samples);
        for (int p = 0; p < embeddings.length; p++) {
          rows.add(new Row(embeddings[p], -1, p % 5 == 0));
        }
      }
    }
  }

  private static float[] readSamples(ExampleClip example) throws IOException {
    String uri = example.file().toString();
    AudioInfo info = AudioFiles.probe(uri);
    if (info.totalFrames() <= 0) {
      throw new IOException("cannot tell its length, or it is empty");
    }
    long length = Math.min(Resampler16k.outputLength(info.sampleRate(), info.totalFrames()),
        (long) MAX_CLIP_SECONDS * PatchGrid.SAMPLE_RATE);
    return AudioFiles.readMono16k(uri, 0, length);
  }

  private static Clip read(ExampleClip example) throws IOException {
    float[] samples = readSamples(example);
    int patchCount = Math.toIntExact(PatchGrid.patchCount(samples.length));
    double[] rms = new double[patchCount];
    double loudest = 0;
    for (int p = 0; p < patchCount; p++) {
      int start = Math.toIntExact(PatchGrid.patchStart(p));
      int end = Math.min(samples.length, start + PatchGrid.PATCH_SAMPLES);
      double sum = 0;
      for (int i = start; i < end; i++) {
        sum += (double) samples[i] * samples[i];
      }
      rms[p] = Math.sqrt(sum / PatchGrid.PATCH_SAMPLES);
      loudest = Math.max(loudest, rms[p]);
    }
    if (20 * Math.log10(Math.max(loudest, 1e-12)) < AUDIBLE_DBFS) {
      throw new IOException(String.format(Locale.ROOT, "too quiet to learn from (loudest patch %.0f dBFS)",
          20 * Math.log10(Math.max(loudest, 1e-12))));
    }
    boolean[] loud = new boolean[patchCount];
    double floor = loudest / Math.pow(10, LOUD_DB / 20);
    double sum = 0;
    int n = 0;
    for (int p = 0; p < patchCount; p++) {
      loud[p] = rms[p] >= floor;
      if (loud[p]) {
        sum += rms[p] * rms[p];
        n++;
      }
    }
    return new Clip(example, samples, loud, Math.sqrt(sum / n), HeadFile.sha256(Files.readAllBytes(example.file())));
  }

  /** source -> held out for validation: the first fifth of each label's sources in seeded-hash order. */
  private Map<String, Boolean> split(ExampleSet set) {
    Map<String, TreeSet<String>> byLabel = new TreeMap<>();
    for (ExampleClip clip : set.clips()) {
      byLabel.computeIfAbsent(clip.label(), k -> new TreeSet<>()).add(clip.source());
    }
    Map<String, Boolean> validation = new LinkedHashMap<>();
    for (TreeSet<String> sources : byLabel.values()) {
      List<String> order = new ArrayList<>(sources);
      order.sort(Comparator.comparingLong((String s) -> mix(seed, s)).thenComparing(s -> s));
      int held = sources.size() < 2 ? 0 : (int) Math.max(1, Math.ceil(sources.size() * VALIDATION_SHARE));
      for (int i = 0; i < order.size(); i++) {
        validation.put(order.get(i), i < held);
      }
    }
    return validation;
  }

  /**
   * Output {@code t}'s thresholds: the on-threshold with the best F1 on the held-out patches (from
   * 0.5 to 0.95 in steps of 0.05; the higher on ties), off at half of it; the figures go to {@code figures}.
   */
  private static HeadFile.Threshold threshold(LinearHead head, int t, List<Row> held, ObjectNode figures) {
    float[] scores = new float[held.size()];
    int positives = 0;
    for (int i = 0; i < held.size(); i++) {
      scores[i] = head.score(t, held.get(i).embedding());
      positives += held.get(i).label() == t ? 1 : 0;
    }
    figures.put("positive_patches", positives);
    figures.put("negative_patches", held.size() - positives);
    double bestF1 = -1;
    float best = 0.5f;
    double bestPrecision = 0;
    double bestRecall = 0;
    for (int step = 10; step <= 19; step++) {
      float threshold = step * 0.05f;
      int tp = 0;
      int fp = 0;
      for (int i = 0; i < held.size(); i++) {
        if (scores[i] >= threshold) {
          if (held.get(i).label() == t) {
            tp++;
          } else {
            fp++;
          }
        }
      }
      double precision = tp + fp == 0 ? 1 : tp / (double) (tp + fp);
      double recall = positives == 0 ? 0 : tp / (double) positives;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      if (f1 >= bestF1) {
        bestF1 = f1;
        best = threshold;
        bestPrecision = precision;
        bestRecall = recall;
      }
    }
    figures.put("on", best);
    figures.put("patch_precision", round(bestPrecision));
    figures.put("patch_recall", round(bestRecall));
    if (positives == 0) {
      figures.put("note", "no held-out source: the threshold is a default, not measured");
    }
    return new HeadFile.Threshold(best, best / 2);
  }

  private ObjectNode training(List<String> types, List<ObjectNode> sources, List<Row> rows, int skipped) {
    ObjectNode training = MAPPER.createObjectNode();
    training.put("seed", seed);
    ObjectNode how = training.putObject("settings");
    how.put("l2", settings.l2());
    how.put("steps", settings.steps());
    how.put("learning_rate", settings.learningRate());
    how.put("examples", "patches within " + LOUD_DB + " dB of their clip's loudest; every background patch");
    how.put("validation", "about " + Math.round(VALIDATION_SHARE * 100) + "% of each type's source recordings");
    ArrayNode augmentations = how.putArray("augmentations");
    Augmentation.DEFAULTS.forEach(a -> augmentations.add(a.describe()));
    how.put("beds_alone", "pink, brown, hum at -25, -40, -55 dBFS, " + BED_SECONDS + " s each");
    ObjectNode counts = training.putObject("patches");
    for (int t = -1; t < types.size(); t++) {
      int label = t;
      String name = t < 0 ? ExampleSet.BACKGROUND : types.get(t);
      ObjectNode c = counts.putObject(name);
      c.put("train", rows.stream().filter(r -> r.label() == label && !r.validation()).count());
      c.put("validation", rows.stream().filter(r -> r.label() == label && r.validation()).count());
    }
    training.put("clips_skipped", skipped);
    Map<String, Integer> licences = new TreeMap<>();
    sources.forEach(s -> licences.merge(s.get("licence").asText(), 1, Integer::sum));
    ObjectNode licenceCounts = training.putObject("licences");
    licences.forEach(licenceCounts::put);
    ArrayNode list = training.putArray("sources");
    sources.forEach(list::add);
    return training;
  }

  private static ObjectNode source(ExampleClip example, Clip clip, boolean validation) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("clip", example.relativePath());
    s.put("label", example.label());
    s.put("split", validation ? "validation" : "train");
    s.put("sha256", clip.sha256());
    s.put("origin", example.origin());
    s.put("licence", example.licence());
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** A seeded 64-bit hash of {@code text} (FNV-1a, then a mix): stable across JVMs, unlike String.hashCode's use. */
  static long mix(long seed, String text) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  static String sha256(String text) {
    return HeadFile.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
