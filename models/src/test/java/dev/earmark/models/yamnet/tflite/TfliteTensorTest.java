package dev.earmark.models.yamnet.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Dequantization against hand-computed numbers. */
class TfliteTensorTest {
  private static TfliteTensor int8(int[] shape, byte[] q, float[] scales, long[] zp, int axis) {
    return new TfliteTensor(0, "w", TfliteTensor.INT8, shape,
        ByteBuffer.wrap(q).order(ByteOrder.LITTLE_ENDIAN), scales, zp, axis);
  }

  @Test
  void perChannelAlongAxisZeroWithZeroPoints() {
    // OHWI [2,1,1,2]: channel 0 scale 0.5 zp 1, channel 1 scale 2 zp -1.
    TfliteTensor t = int8(new int[] {2, 1, 1, 2}, new byte[] {3, -1, 0, 4},
        new float[] {0.5f, 2f}, new long[] {1, -1}, 0);
    assertArrayEquals(new float[] {1f, -1f, 2f, 10f}, t.dequantize());
  }

  @Test
  void perChannelAlongLastAxis() {
    // 1HWC [1,1,2,2], axis 3: element i uses channel i % 2.
    TfliteTensor t = int8(new int[] {1, 1, 2, 2}, new byte[] {1, 1, -2, 3},
        new float[] {0.25f, 4f}, new long[] {0, 0}, 3);
    assertArrayEquals(new float[] {0.25f, 4f, -0.5f, 12f}, t.dequantize());
  }

  @Test
  void perTensorAndFloatPassthrough() {
    TfliteTensor t = int8(new int[] {3}, new byte[] {-128, 0, 127}, new float[] {0.1f}, new long[] {0}, 0);
    assertArrayEquals(new float[] {-12.8f, 0f, 12.7f}, t.dequantize(), 1e-6f);
    ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f);
    TfliteTensor ft = new TfliteTensor(1, null, TfliteTensor.FLOAT32, new int[] {2},
        f.flip().order(ByteOrder.LITTLE_ENDIAN), new float[0], new long[0], 0);
    assertArrayEquals(new float[] {1.5f, -2f}, ft.dequantize());
  }

  @Test
  void scalesNotMatchingTheAxisAreRejected() {
    TfliteTensor t = int8(new int[] {2, 2}, new byte[4], new float[] {1, 1, 1}, new long[0], 0);
    assertThrows(IllegalArgumentException.class, t::dequantize);
  }
}
