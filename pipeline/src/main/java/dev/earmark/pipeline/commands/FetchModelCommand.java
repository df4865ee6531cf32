package dev.earmark.pipeline.commands;

import dev.earmark.models.yamnet.ModelFetcher;
import dev.earmark.models.yamnet.ModelLocator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * {@code fetch-model}: downloads Google's YAMNet into the user cache where every command's {@link
 * ModelLocator} finds it. Default: the TF Hub {@code google/yamnet/1} SavedModel archive; {@code
 * --tflite} takes the float {@code .tflite} instead (plus the class map, which a SavedModel
 * carries itself).
 */
public final class FetchModelCommand implements Command<FetchModelCommand.Options> {
  /** {@code fetch-model}'s options. */
  public interface Options extends PipelineOptions {
    @Description("Fetch the float .tflite (" + ModelFetcher.TFLITE_URL + ") and its class map "
        + "(sha256 pinned) instead of the TF Hub google/yamnet/1 SavedModel archive ("
        + ModelFetcher.SAVED_MODEL_URL + ").")
    @Default.Boolean(false)
    boolean getTflite();

    void setTflite(boolean value);

    @Description("Download this URL instead (.tflite, .tar or .tar.gz SavedModel).")
    String getUrl();

    void setUrl(String value);

    @Description("Expected sha256 of the download; a mismatch deletes it and fails. Google's archives are not "
        + "pinned here (not measurable offline): without it the digest is printed so you can pin it next time.")
    String getSha256();

    void setSha256(String value);

    @Description("Install here instead of the user cache ($XDG_CACHE_HOME/earmark/yamnet or ~/.cache/earmark/yamnet).")
    String getCacheDir();

    void setCacheDir(String value);

    @Description("Class map source for --tflite.")
    @Default.String(ModelFetcher.CLASS_MAP_URL)
    String getClassMapUrl();

    void setClassMapUrl(String value);
  }

  @Override
  public String name() {
    return "fetch-model";
  }

  @Override
  public String summary() {
    return "Downloads Google's published YAMNet over HTTPS into the model cache, where classify, run and demo "
        + "find it when neither --model nor EARMARK_YAMNET is set. The download goes to a temporary file, is "
        + "checked against --sha256 when given, then unpacked (.tar.gz SavedModel) or stored (.tflite) and "
        + "renamed into place.";
  }

  @Override
  public String synopsis() {
    return "[--tflite] [--url=<url>] [--sha256=<hex>] [--cacheDir=<dir>] [--classMapUrl=<url>]";
  }

  @Override
  public Class<Options> optionsType() {
    return Options.class;
  }

  @Override
  public void configure(Options options, Set<String> given) throws UsageException {
    String sha = options.getSha256();
    if (sha != null && !sha.trim().matches("(?i)[0-9a-f]{64}")) {
      throw new UsageException("--sha256 must be 64 hex digits, got " + sha);
    }
    uri(url(options));
    uri(options.getClassMapUrl());
  }

  private static String url(Options options) {
    return options.getUrl() != null ? options.getUrl()
        : options.getTflite() ? ModelFetcher.TFLITE_URL : ModelFetcher.SAVED_MODEL_URL;
  }

  @Override
  public int run(Options options, PrintStream out, PrintStream err) throws IOException, UsageException {
    URI url = uri(url(options));
    URI classMapUrl = uri(options.getClassMapUrl());
    Path cache = options.getCacheDir() != null
        ? Path.of(options.getCacheDir()) : ModelLocator.fromEnvironment().cacheDir();
    ModelFetcher fetcher = new ModelFetcher();
    err.println("fetch-model: downloading " + url + " into " + cache);
    ModelFetcher.Fetched fetched = fetcher.fetch(url, options.getSha256(), cache, new ProgressBar(err, "yamnet"));
    err.println(
        "fetch-model: sha256 "
            + fetched.sha256()
            + (fetched.verified() ? " (verified)" : " (not pinned: rerun with --sha256=" + fetched.sha256() + " to pin it)"));
    if (!fetched.model().toFile().isDirectory()) {
      Path classMap = fetcher.fetchClassMap(classMapUrl, null, cache);
      err.println("fetch-model: class map " + classMap + " (sha256 verified)");
    }
    out.println(fetched.model());
    err.println("fetch-model: installed " + fetched.model() + "; commands now find it without --model"
        + " unless EARMARK_YAMNET or --model point elsewhere");
    return 0;
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
