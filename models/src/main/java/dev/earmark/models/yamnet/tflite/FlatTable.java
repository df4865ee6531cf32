package dev.earmark.models.yamnet.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Read-only view of one FlatBuffers table (little-endian): just enough of the format to walk a
 * TFLite model without generated code. Field ids are the declaration order in TFLite's
 * {@code schema.fbs}; absent fields return the given default.
 */
final class FlatTable {
  private final ByteBuffer buf;
  private final int pos;
  private final int vtable;
  private final int vtableSize;

  FlatTable(ByteBuffer buf, int pos) {
    this.buf = buf;
    this.pos = pos;
    this.vtable = pos - buf.getInt(pos);
    this.vtableSize = Short.toUnsignedInt(buf.getShort(vtable));
  }

  /** The root table of a FlatBuffers file. */
  static FlatTable root(ByteBuffer buf) {
    ByteBuffer le = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return new FlatTable(le, le.getInt(0));
  }

  /** Absolute position of field {@code id}, or 0 when the field is absent. */
  private int field(int id) {
    int entry = 4 + 2 * id;
    if (entry >= vtableSize) {
      return 0;
    }
    int off = Short.toUnsignedInt(buf.getShort(vtable + entry));
    return off == 0 ? 0 : pos + off;
  }

  private int deref(int at) {
    return at + buf.getInt(at);
  }

  boolean has(int id) {
    return field(id) != 0;
  }

  int getInt(int id, int dflt) {
    int f = field(id);
    return f == 0 ? dflt : buf.getInt(f);
  }

  int getByte(int id, int dflt) {
    int f = field(id);
    return f == 0 ? dflt : buf.get(f);
  }

  int getUByte(int id, int dflt) {
    int f = field(id);
    return f == 0 ? dflt : Byte.toUnsignedInt(buf.get(f));
  }

  long getLong(int id, long dflt) {
    int f = field(id);
    return f == 0 ? dflt : buf.getLong(f);
  }

  String getString(int id) {
    int f = field(id);
    if (f == 0) {
      return null;
    }
    int s = deref(f);
    byte[] bytes = new byte[buf.getInt(s)];
    buf.get(s + 4, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  FlatTable getTable(int id) {
    int f = field(id);
    return f == 0 ? null : new FlatTable(buf, deref(f));
  }

  int vectorLength(int id) {
    int f = field(id);
    return f == 0 ? 0 : buf.getInt(deref(f));
  }

  /** Absolute position of the first element of vector field {@code id}. */
  private int vectorStart(int id) {
    return deref(field(id)) + 4;
  }

  FlatTable getTableElement(int id, int index) {
    int at = vectorStart(id) + 4 * index;
    return new FlatTable(buf, deref(at));
  }

  int[] getIntVector(int id) {
    int n = vectorLength(id);
    int[] out = new int[n];
    if (n > 0) {
      int start = vectorStart(id);
      for (int i = 0; i < n; i++) {
        out[i] = buf.getInt(start + 4 * i);
      }
    }
    return out;
  }

  float[] getFloatVector(int id) {
    int n = vectorLength(id);
    float[] out = new float[n];
    if (n > 0) {
      int start = vectorStart(id);
      for (int i = 0; i < n; i++) {
        out[i] = buf.getFloat(start + 4 * i);
      }
    }
    return out;
  }

  long[] getLongVector(int id) {
    int n = vectorLength(id);
    long[] out = new long[n];
    if (n > 0) {
      int start = vectorStart(id);
      for (int i = 0; i < n; i++) {
        out[i] = buf.getLong(start + 8 * i);
      }
    }
    return out;
  }

  /** A little-endian slice over the bytes of a {@code [ubyte]} vector field (empty if absent). */
  ByteBuffer getByteVector(int id) {
    int n = vectorLength(id);
    if (n == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    return buf.slice(vectorStart(id), n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
