package dev.earmark.transforms.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Opens any file Beam's {@link FileSystems} can read (local, {@code gs://}) as a streaming {@link
 * PcmSource}, choosing the decoder from the magic bytes: "RIFF....WAVE" is WAV, anything else goes
 * to the Ogg Vorbis decoder (which reports NOT_OGG / EMPTY_FILE with the file name).
 */
public final class AudioSources {
  private AudioSources() {}

  /** Opens {@code uri}; the caller closes the source. */
  public static PcmSource open(String uri) throws IOException {
    ResourceId id = FileSystems.matchSingleFileSpec(uri).resourceId();
    return open(FileSystems.open(id), uri);
  }

  /** Opens an already open channel ({@code name} is used in errors); takes ownership of it. */
  public static PcmSource open(ReadableByteChannel channel, String name) throws IOException {
    ByteBuffer magic = ByteBuffer.allocate(12);
    try {
      while (magic.hasRemaining() && channel.read(magic) >= 0) {
        // a channel may deliver fewer bytes than asked
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    boolean wav = magic.position() == 12 && is(magic, 0, "RIFF") && is(magic, 8, "WAVE");
    ReadableByteChannel rewound;
    if (channel instanceof SeekableByteChannel s) {
      s.position(0);
      rewound = s;
    } else {
      magic.flip();
      rewound = new PrefixedChannel(magic, channel);
    }
    return wav ? WavReader.open(rewound, name) : OggVorbisDecoder.open(rewound, name);
  }

  private static boolean is(ByteBuffer b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b.get(at + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Replays the peeked bytes before the rest of a non-seekable channel. */
  private static final class PrefixedChannel implements ReadableByteChannel {
    private final ByteBuffer prefix;
    private final ReadableByteChannel rest;

    PrefixedChannel(ByteBuffer prefix, ReadableByteChannel rest) {
      this.prefix = prefix;
      this.rest = rest;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      if (prefix.hasRemaining()) {
        int n = Math.min(prefix.remaining(), dst.remaining());
        for (int i = 0; i < n; i++) {
          dst.put(prefix.get());
        }
        return n;
      }
      return rest.read(dst);
    }

    @Override
    public boolean isOpen() {
      return rest.isOpen();
    }

    @Override
    public void close() throws IOException {
      rest.close();
    }
  }
}
