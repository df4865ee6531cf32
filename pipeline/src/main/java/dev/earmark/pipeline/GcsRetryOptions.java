package dev.earmark.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Taken by every command, beside Beam's storage options: how long a gs:// request is retried ({@link GcsRetries}). */
public interface GcsRetryOptions extends PipelineOptions {
  /** Google's own Cloud Storage client gives up on a request after 50 s of retries by default. */
  int DEFAULT_SECONDS = 50;

  @Description("gs://: how long one request is retried (5xx, 429, connection errors; exponential backoff "
      + "from 0.5 s) before it fails, and with it the run. Beam's client alone retries 3 to 6 minutes per request.")
  @Default.Integer(DEFAULT_SECONDS)
  int getGcsRetrySeconds();

  void setGcsRetrySeconds(int value);
}
