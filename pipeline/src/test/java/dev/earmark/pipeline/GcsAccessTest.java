package dev.earmark.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.auth.Credentials;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.extensions.gcp.auth.CredentialFactory;
import org.apache.beam.sdk.extensions.gcp.auth.GcpCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class GcsAccessTest {
  /** A machine without credentials, whatever this one has: what Beam's default factory gives then. */
  public static class NoCredentials implements CredentialFactory {
    public static NoCredentials fromOptions(PipelineOptions options) {
      return new NoCredentials();
    }

    @Override
    public Credentials getCredential() {
      return null;
    }
  }

  private static PipelineOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(GcsOptions.class);
  }

  @Test
  void localLocationsNeedNothing() {
    GcsAccess.check(options("--credentialFactoryClass=" + NoCredentials.class.getName()),
        Arrays.asList("/data/listing.jsonl", "file:///out", null));
  }

  @Test
  void gsWithoutCredentialsOrEndpointIsOneLineSayingWhatToPass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GcsAccess.check(
        options("--credentialFactoryClass=" + NoCredentials.class.getName()),
        List.of("/data/listing.jsonl", "gs://bucket/out", "gs://bucket/model")));
    assertThat(e.getMessage(), containsString("gs://bucket/out: no Google Cloud credentials found"));
    assertThat(e.getMessage(), containsString("GOOGLE_APPLICATION_CREDENTIALS"));
    assertThat(e.getMessage(), containsString("--gcsEndpoint=http://HOST:PORT/storage/v1/"));
    assertThat(e.getMessage(), containsString("--credentialFactoryClass=" + NoopCredentialFactory.class.getName()));
    assertThat(e.getMessage(), not(containsString("\n")));
  }

  @Test
  void anonymousAccessToRealGcsIsTheUsersChoice() {
    GcsAccess.check(options("--credentialFactoryClass=" + NoopCredentialFactory.class.getName()),
        List.of("gs://public-bucket/x"));
  }

  @Test
  void anEndpointThatAcceptsConnectionsPasses() throws Exception {
    try (ServerSocket server = new ServerSocket(0)) {
      GcsAccess.check(options("--gcsEndpoint=http://127.0.0.1:" + server.getLocalPort() + "/storage/v1/",
          "--credentialFactoryClass=" + NoCredentials.class.getName()), List.of("gs://bucket/x"));
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerIsOneLineNamingIt() throws Exception {
    int port;
    try (ServerSocket server = new ServerSocket(0)) {
      port = server.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port + "/storage/v1/";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GcsAccess.check(options("--gcsEndpoint=" + endpoint), List.of("gs://bucket/listing.jsonl")));
    assertThat(e.getMessage(), containsString("--gcsEndpoint=" + endpoint + " does not answer"));
    assertThat(e.getMessage(), containsString("needed for gs://bucket/listing.jsonl"));
  }

  @Test
  void anEndpointThatIsNotAUrlIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GcsAccess.check(options("--gcsEndpoint=127.0.0.1:4443"), List.of("gs://bucket/x")));
    assertThat(e.getMessage(), containsString("--gcsEndpoint=127.0.0.1:4443 is not a URL"));
  }

  @Test
  void withoutAFactoryOrEndpointGsPathsSeenLaterNeedCredentialsToo() {
    GcsOptions chosenByNoOne = options().as(GcsOptions.class);
    GcsAccess.check(chosenByNoOne, List.of("/data/listing.jsonl"));
    assertEquals(GcsAccess.RequiredCredentials.class, chosenByNoOne.getCredentialFactoryClass());

    GcsOptions chosen = options("--credentialFactoryClass=" + NoopCredentialFactory.class.getName()).as(GcsOptions.class);
    GcsAccess.check(chosen, List.of("/data/listing.jsonl"));
    assertEquals(NoopCredentialFactory.class, chosen.getCredentialFactoryClass());

    try (ServerSocket server = new ServerSocket(0)) {
      GcsOptions emulator = options("--gcsEndpoint=http://127.0.0.1:" + server.getLocalPort() + "/storage/v1/")
          .as(GcsOptions.class);
      GcsAccess.check(emulator, List.of("gs://bucket/x"));
      assertEquals(GcpCredentialFactory.class, emulator.getCredentialFactoryClass());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
