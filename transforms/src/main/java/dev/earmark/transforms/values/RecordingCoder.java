package dev.earmark.transforms.values;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Deterministic coder for {@link Recording}: it is nested in every window and used in keys. */
public final class RecordingCoder extends CustomCoder<Recording> {
  private static final RecordingCoder INSTANCE = new RecordingCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final VarIntCoder INT = VarIntCoder.of();

  public static RecordingCoder of() {
    return INSTANCE;
  }

  /** Found by {@code @DefaultCoder} on {@link Recording}. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Recording.class), INSTANCE);
  }

  @Override
  public void encode(Recording value, OutputStream out) throws IOException {
    STRING.encode(value.userId(), out);
    STRING.encode(value.uri(), out);
    LONG.encode(value.startTime().getEpochSecond(), out);
    INT.encode(value.startTime().getNano(), out);
    BooleanCoder.of().encode(value.durationSeconds() != null, out);
    if (value.durationSeconds() != null) {
      DoubleCoder.of().encode(value.durationSeconds(), out);
    }
    // Where it was listed travels with every window, so a dead letter of its audio names the row.
    ListingLine listed = value.listedAt();
    BooleanCoder.of().encode(listed != null, out);
    if (listed != null) {
      STRING.encode(listed.file(), out);
      LONG.encode(listed.line(), out);
    }
  }

  @Override
  public Recording decode(InputStream in) throws IOException {
    String userId = STRING.decode(in);
    String uri = STRING.decode(in);
    Instant start = Instant.ofEpochSecond(LONG.decode(in), INT.decode(in));
    Double duration = BooleanCoder.of().decode(in) ? DoubleCoder.of().decode(in) : null;
    ListingLine listed = BooleanCoder.of().decode(in) ? new ListingLine(STRING.decode(in), LONG.decode(in)) : null;
    return new Recording(userId, uri, start, duration, listed);
  }

  @Override
  public void verifyDeterministic() {}
}
