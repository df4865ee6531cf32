package dev.earmark.transforms;

import dev.earmark.transforms.values.DeadLetter;
import java.util.Comparator;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one dead letter per input, step and reason: a file that fails to decode mid-stream fails
 * in every later window, but the user needs to hear about it once. The kept record is the first
 * by message, so reruns write the same one.
 */
public class DeduplicateDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<DeadLetter>> {
  private static final Comparator<DeadLetter> ORDER =
      Comparator.comparing(DeadLetter::message).thenComparing(DeadLetter::stackTrace);

  static String key(DeadLetter d) {
    String input = d.uri() != null ? d.uri() : d.listingFile() + ":" + d.line();
    return input + "|" + d.stage() + "|" + d.error();
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
        .apply("DropKeys", Values.create());
  }
}
