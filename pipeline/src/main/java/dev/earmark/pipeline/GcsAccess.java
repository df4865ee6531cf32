package dev.earmark.pipeline;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.beam.sdk.extensions.gcp.auth.CredentialFactory;
import org.apache.beam.sdk.extensions.gcp.auth.GcpCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Checks, before a command touches gs://, that Beam's GCS client can get through: credentials, or
 * a {@code --gcsEndpoint} (an emulator) that accepts connections. Without credentials or with a
 * dead endpoint the client retries for minutes instead of failing (measured 2026-12-02: still
 * retrying after 90 s), so the command stops first with one line saying what to pass. gs:// paths
 * it cannot see beforehand (recordings named in a local listing) fail at their first use with the
 * same line, through {@link RequiredCredentials}.
 */
public final class GcsAccess {
  static final String HOW = "pass credentials (gcloud auth application-default login, or "
      + "GOOGLE_APPLICATION_CREDENTIALS=<service account key.json>) or, for a GCS emulator, "
      + "--gcsEndpoint=http://HOST:PORT/storage/v1/ --credentialFactoryClass=" + NoopCredentialFactory.class.getName();
  private static final int CONNECT_TIMEOUT_MS = 3_000;

  private GcsAccess() {}

  /**
   * Throws {@link IllegalArgumentException} (one line naming the first gs:// location) when any of
   * {@code locations} (nulls and local paths ignored) is on gs:// and GCS cannot be reached.
   */
  public static void check(PipelineOptions options, Collection<String> locations) {
    GcsOptions gcs = options.as(GcsOptions.class);
    if (gcs.getGcsEndpoint() == null && GcpCredentialFactory.class.equals(gcs.getCredentialFactoryClass())) {
      gcs.setCredentialFactoryClass(RequiredCredentials.class);
    }
    Optional<String> first = locations.stream().filter(Objects::nonNull)
        .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("gs://")).findFirst();
    if (first.isEmpty()) {
      return;
    }
    if (gcs.getGcsEndpoint() != null) {
      requireAnswer(gcs.getGcsEndpoint(), first.get());
    } else if (!hasCredentials(gcs)) {
      throw new IllegalArgumentException(first.get() + ": no Google Cloud credentials found; " + HOW);
    }
  }

  /**
   * Beam's default factory turns "no application default credentials" into null credentials (and
   * a warning); asking google-auth directly tells the same without the warning.
   */
  private static boolean hasCredentials(GcsOptions gcs) {
    Class<?> factory = gcs.getCredentialFactoryClass();
    if (GcpCredentialFactory.class.equals(factory) || RequiredCredentials.class.equals(factory)) {
      try {
        GoogleCredentials.getApplicationDefault();
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    return gcs.getGcpCredential() != null;
  }

  private static void requireAnswer(String endpoint, String location) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--gcsEndpoint=" + endpoint + " is not a URL: " + e.getMessage(), e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("--gcsEndpoint=" + endpoint + " is not a URL like http://HOST:PORT/storage/v1/");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MS);
    } catch (IOException e) {
      throw new IllegalArgumentException("--gcsEndpoint=" + endpoint + " does not answer (" + e.getMessage()
          + "), needed for " + location, e);
    }
  }

  /**
   * Beam's default credentials (application default, with Beam's scopes), except that finding none
   * is an error naming what to pass, where Beam's factory gives null credentials and its client
   * then retries unauthenticated. Set where the user chose no factory and no endpoint; it runs
   * wherever the job runs, so workers with credentials of their own use them.
   */
  public static final class RequiredCredentials implements CredentialFactory {
    private final CredentialFactory beams;

    private RequiredCredentials(CredentialFactory beams) {
      this.beams = beams;
    }

    public static RequiredCredentials fromOptions(PipelineOptions options) {
      return new RequiredCredentials(GcpCredentialFactory.fromOptions(options));
    }

    @Override
    public Credentials getCredential() throws IOException, GeneralSecurityException {
      // Asked first so that "none" is our one line, not Beam's warning and a null.
      try {
        GoogleCredentials.getApplicationDefault();
      } catch (IOException e) {
        throw new IOException("gs://: no Google Cloud credentials found; " + HOW, e);
      }
      return beams.getCredential();
    }
  }
}
