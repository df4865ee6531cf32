package dev.earmark.transforms.audio;

import dev.earmark.transforms.audio.AudioFormatException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Streaming reader of RIFF/WAVE files holding 16-bit integer PCM or 32-bit float samples (plain or
 * WAVE_FORMAT_EXTENSIBLE). Integer samples map to floats as {@code s / 32768}. One reused byte
 * buffer; seeks jump on seekable channels and read-and-discard otherwise.
 */
public final class WavReader implements PcmSource {
  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int FORMAT_EXTENSIBLE = 0xFFFE;
  private static final int BLOCK_FRAMES = 4096;

  private final ReadableByteChannel channel;
  private final String name;
  private final AudioInfo info;
  private final boolean isFloat;
  private final int frameBytes;
  private final long dataOffset;
  private final ByteBuffer buffer;
  private long position;

  private WavReader(
      ReadableByteChannel channel, String name, AudioInfo info, boolean isFloat, long dataOffset) {
    this.channel = channel;
    this.name = name;
    this.info = info;
    this.isFloat = isFloat;
    this.frameBytes = info.channels() * (isFloat ? 4 : 2);
    this.dataOffset = dataOffset;
    this.buffer = ByteBuffer.allocate(BLOCK_FRAMES * frameBytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Parses the header up to the start of the data chunk. Closes the channel on failure. */
  public static WavReader open(ReadableByteChannel channel, String name) throws IOException {
    try {
      return parse(channel, name);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static WavReader parse(ReadableByteChannel channel, String name) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    long offset = readFully(channel, head, name);
    if (head.getInt(0) != 0x46464952 || head.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
      throw new AudioFormatException(Reason.UNSUPPORTED_FORMAT, name, "not a RIFF/WAVE file");
    }
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    while (true) {
      chunk.clear();
      offset += readFully(channel, chunk, name);
      int id = chunk.getInt(0);
      long size = chunk.getInt(4) & 0xffffffffL;
      if (id == 0x20746d66) { // "fmt "
        ByteBuffer fmt = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        offset += readFully(channel, fmt, name);
        format = fmt.getShort(0) & 0xffff;
        channels = fmt.getShort(2) & 0xffff;
        rate = fmt.getInt(4);
        bits = fmt.getShort(14) & 0xffff;
        if (format == FORMAT_EXTENSIBLE && size >= 26) {
          format = fmt.getShort(24) & 0xffff; // first two bytes of the sub-format GUID
        }
      } else if (id == 0x61746164) { // "data"
        break;
      } else {
        offset += skip(channel, size + (size & 1), name);
        continue;
      }
      if ((size & 1) == 1) {
        offset += skip(channel, 1, name);
      }
    }
    boolean isFloat = format == FORMAT_FLOAT && bits == 32;
    if (!(isFloat || (format == FORMAT_PCM && bits == 16))) {
      throw new AudioFormatException(
          Reason.UNSUPPORTED_FORMAT, name,
          "WAV format " + format + " with " + bits + " bits; only 16-bit PCM and 32-bit float");
    }
    if (channels < 1 || channels > OggVorbisDecoder.MAX_CHANNELS
        || rate < 1 || rate > OggVorbisDecoder.MAX_RATE) {
      throw new AudioFormatException(
          Reason.UNSUPPORTED_FORMAT, name, channels + " channels at " + rate + " Hz");
    }
    long dataBytes = chunk.getInt(4) & 0xffffffffL;
    long frames = -1;
    if (channel instanceof SeekableByteChannel s) {
      // Streaming writers leave 0 or 0xFFFFFFFF here; trust the file size then.
      long available = s.size() - offset;
      boolean sized = dataBytes != 0 && dataBytes != 0xffffffffL;
      if (sized && available < dataBytes) {
        // Decoding what is there would pass a cut file off as a whole, shorter recording.
        throw new AudioFormatException(Reason.TRUNCATED, name,
            "data chunk of " + dataBytes + " bytes, but the file ends after " + available + "; file cut short?");
      }
      frames = (sized ? dataBytes : available) / ((long) channels * (isFloat ? 4 : 2));
    } else if (dataBytes != 0 && dataBytes != 0xffffffffL) {
      frames = dataBytes / ((long) channels * (isFloat ? 4 : 2));
    }
    return new WavReader(channel, name, new AudioInfo(rate, channels, frames), isFloat, offset);
  }

  private static int readFully(ReadableByteChannel ch, ByteBuffer b, String name)
      throws IOException {
    int total = 0;
    while (b.hasRemaining()) {
      int n = ch.read(b);
      if (n < 0) {
        throw new AudioFormatException(Reason.TRUNCATED, name, "WAV header cut short");
      }
      total += n;
    }
    return total;
  }

  private static long skip(ReadableByteChannel ch, long n, String name) throws IOException {
    if (ch instanceof SeekableByteChannel s) {
      s.position(s.position() + n);
      return n;
    }
    ByteBuffer b = ByteBuffer.allocate(4096);
    long left = n;
    while (left > 0) {
      b.clear().limit((int) Math.min(4096, left));
      left -= readFully(ch, b, name);
    }
    return n;
  }

  @Override
  public AudioInfo info() {
    return info;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void seek(long frame) throws IOException {
    if (channel instanceof SeekableByteChannel s) {
      long f = info.totalFrames() >= 0 ? Math.min(frame, info.totalFrames()) : frame;
      s.position(dataOffset + f * frameBytes);
      position = f;
      return;
    }
    if (frame < position) {
      throw new IOException(name + ": cannot seek backwards on a non-seekable channel");
    }
    float[][] scratch = new float[info.channels()][BLOCK_FRAMES];
    while (position < frame) {
      if (read(scratch, 0, (int) Math.min(BLOCK_FRAMES, frame - position)) < 0) {
        return;
      }
    }
  }

  @Override
  public int read(float[][] dest, int offset, int maxFrames) throws IOException {
    if (maxFrames <= 0) {
      return 0;
    }
    long left = info.totalFrames() >= 0 ? info.totalFrames() - position : Long.MAX_VALUE;
    int want = (int) Math.min(Math.min(maxFrames, BLOCK_FRAMES), left);
    if (want <= 0) {
      return -1;
    }
    buffer.clear().limit(want * frameBytes);
    while (buffer.position() < frameBytes || buffer.position() % frameBytes != 0) {
      int n = channel.read(buffer);
      if (n < 0) {
        if (buffer.position() < frameBytes) {
          return -1;
        }
        break;
      }
      if (!buffer.hasRemaining()) {
        break;
      }
    }
    int frames = buffer.position() / frameBytes;
    int channels = info.channels();
    for (int i = 0; i < frames; i++) {
      for (int c = 0; c < channels; c++) {
        int at = (i * channels + c) * (isFloat ? 4 : 2);
        dest[c][offset + i] = isFloat ? buffer.getFloat(at) : buffer.getShort(at) / 32768f;
      }
    }
    position += frames;
    return frames;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
