package dev.earmark.transforms.values;

import dev.earmark.transforms.audio.AudioInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Deterministic coder for {@link AudioWindow}: one per minute of audio crosses the reshuffle. */
public final class AudioWindowCoder extends CustomCoder<AudioWindow> {
  private static final AudioWindowCoder INSTANCE = new AudioWindowCoder();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  public static AudioWindowCoder of() {
    return INSTANCE;
  }

  /** Found by {@code @DefaultCoder} on {@link AudioWindow}. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(AudioWindow.class), INSTANCE);
  }

  @Override
  public void encode(AudioWindow value, OutputStream out) throws IOException {
    RecordingCoder.of().encode(value.recording(), out);
    INT.encode(value.windowIndex(), out);
    LONG.encode(value.firstPatch(), out);
    INT.encode(value.patchCount(), out);
    INT.encode(value.info().sampleRate(), out);
    INT.encode(value.info().channels(), out);
    LONG.encode(value.info().totalFrames(), out);
  }

  @Override
  public AudioWindow decode(InputStream in) throws IOException {
    Recording recording = RecordingCoder.of().decode(in);
    int windowIndex = INT.decode(in);
    long firstPatch = LONG.decode(in);
    int patchCount = INT.decode(in);
    AudioInfo info = new AudioInfo(INT.decode(in), INT.decode(in), LONG.decode(in));
    return new AudioWindow(recording, windowIndex, firstPatch, patchCount, info);
  }

  @Override
  public void verifyDeterministic() {}
}
