package dev.earmark.transforms.failures;

import dev.earmark.transforms.values.DeadLetter;
import java.util.Comparator;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one dead letter per input, a listing row (a bad row, or the row of a recording whose audio
 * failed): a file that fails to decode mid-stream fails in every later window, perhaps in two
 * steps or for two reasons, but the user needs to hear about it once. The kept record is the first by stage, reason and message, so
 * reruns write the same one. Counts the kept ones per reason ({@link #FAILED_INPUTS}{@code
 * <REASON>}): how many inputs failed and why, for the run's outcome.
 */
public class DeduplicateDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> {
  /** Counter name prefix of the inputs that failed, one counter per reason. */
  public static final String FAILED_INPUTS = "failedInputs.";

  private static final Comparator<DeadLetter> ORDER =
      Comparator.comparing(DeadLetter::stage).thenComparing(DeadLetter::error)
          .thenComparing(DeadLetter::message).thenComparing(DeadLetter::stackTrace);

  /**
   * The input a dead letter is about: its listing row (every letter of a recording carries the one
   * row it was kept from), else, for a recording not read from a listing, that recording.
   */
  static String key(DeadLetter d) {
    return d.listingFile() != null ? "row " + d.listingFile() + ":" + d.line() : "recording " + d.recordingKey();
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<DeadLetter> failures) {
    return failures
        .apply("KeyByInput", WithKeys.of((DeadLetter d) -> key(d)).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(DeadLetter.class)))
        .apply("KeepFirst", Combine.perKey(letters -> {
          DeadLetter first = null;
          for (DeadLetter d : letters) {
            first = first == null || ORDER.compare(d, first) < 0 ? d : first;
          }
          return first;
        }))
        .apply("DropKeys", Values.create())
        .apply("CountFailedInputs", ParDo.of(new CountFailedInputsFn()));
  }

  private static class CountFailedInputsFn extends DoFn<DeadLetter, DeadLetter> {
    @ProcessElement
    public void process(@Element DeadLetter d, OutputReceiver<DeadLetter> out) {
      Metrics.counter(CountFailedInputsFn.class, FAILED_INPUTS + d.error()).inc();
      out.output(d);
    }
  }
}
