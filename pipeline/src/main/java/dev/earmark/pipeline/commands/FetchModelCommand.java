package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ModelFetcher;
import dev.earmark.models.yamnet.ModelLocator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code fetch-model}: downloads Google's YAMNet into the user cache where every command's {@link
 * ModelLocator} finds it. Default: the TF Hub {@code google/yamnet/1} SavedModel archive; {@code
 * --tflite} takes the float {@code .tflite} instead (plus the class map, which a SavedModel
 * carries itself).
 */
public final class FetchModelCommand {
  static final String USAGE =
      """
      usage: earmark fetch-model [--tflite] [--url URL] [--sha256 HEX] [--cache-dir DIR]
                                 [--class-map-url URL]

      Downloads Google's published YAMNet over HTTPS into the model cache (default
      $XDG_CACHE_HOME/earmark/yamnet or ~/.cache/earmark/yamnet), where classify, run and demo
      find it when neither --model nor EARMARK_YAMNET is set. The download goes to a temporary
      file, is checked against --sha256 when given, then unpacked (.tar.gz SavedModel) or stored
      (.tflite) and renamed into place.

        (default)          TF Hub google/yamnet/1 SavedModel archive:
                           %s
        --tflite           the float .tflite instead: %s
                           (also fetches yamnet_class_map.csv, sha256 pinned)
        --url URL          download this URL instead (.tflite, .tar or .tar.gz SavedModel)
        --sha256 HEX       expected sha256 of the download; a mismatch deletes it and fails.
                           Google's archives are not pinned here (not measurable offline): without
                           --sha256 the digest is printed so you can pin it next time.
        --cache-dir DIR    install here instead of the user cache
        --class-map-url U  class map source for --tflite (default: tensorflow/models on GitHub)
        --help             this text
      """
          .formatted(ModelFetcher.SAVED_MODEL_URL, ModelFetcher.TFLITE_URL);

  private FetchModelCommand() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /** Same as {@link #run(String[])}, printing to the given streams (for tests and embedding). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandArgs parsed;
    URI url;
    URI classMapUrl;
    try {
      parsed =
          CommandArgs.parse(
              args, Set.of("url", "sha256", "cache-dir", "class-map-url"), Set.of("tflite"));
      if (parsed.help()) {
        out.print(USAGE);
        return 0;
      }
      if (!parsed.positional().isEmpty()) {
        throw new UsageException("unexpected arguments " + parsed.positional());
      }
      String sha = parsed.value("sha256");
      if (sha != null && !sha.trim().matches("(?i)[0-9a-f]{64}")) {
        throw new UsageException("--sha256 must be 64 hex digits, got " + sha);
      }
      url = uri(parsed.value("url", parsed.flag("tflite") ? ModelFetcher.TFLITE_URL : ModelFetcher.SAVED_MODEL_URL));
      classMapUrl = uri(parsed.value("class-map-url", ModelFetcher.CLASS_MAP_URL));
    } catch (UsageException e) {
      err.println("fetch-model: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    String cacheArg = parsed.value("cache-dir");
    Path cache = cacheArg != null ? Path.of(cacheArg) : ModelLocator.fromEnvironment().cacheDir();
    ModelFetcher fetcher = new ModelFetcher();
    try {
      err.println("fetch-model: downloading " + url + " into " + cache);
      ModelFetcher.Fetched fetched =
          fetcher.fetch(url, parsed.value("sha256"), cache, new ProgressBar(err, "yamnet"));
      err.println(
          "fetch-model: sha256 "
              + fetched.sha256()
              + (fetched.verified() ? " (verified)" : " (not pinned: rerun with --sha256 " + fetched.sha256() + " to pin it)"));
      if (!fetched.model().toFile().isDirectory()) {
        Path classMap = fetcher.fetchClassMap(classMapUrl, null, cache);
        err.println("fetch-model: class map " + classMap + " (sha256 verified)");
      }
      out.println(fetched.model());
      err.println("fetch-model: installed " + fetched.model() + "; commands now find it without --model"
          + " unless EARMARK_YAMNET or --model point elsewhere");
      return 0;
    } catch (IOException e) {
      err.println("fetch-model: " + e.getMessage());
      return 1;
    }
  }

  private static URI uri(String value) throws UsageException {
    try {
      URI u = new URI(value);
      if (!"https".equalsIgnoreCase(u.getScheme()) && !"http".equalsIgnoreCase(u.getScheme())) {
        throw new UsageException("URL must be http(s): " + value);
      }
      return u;
    } catch (URISyntaxException e) {
      throw new UsageException("bad URL " + value + ": " + e.getMessage());
    }
  }
}
