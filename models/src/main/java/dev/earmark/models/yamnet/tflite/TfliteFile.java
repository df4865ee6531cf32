package dev.earmark.models.yamnet.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The first subgraph of a TFLite flatbuffer ({@code schema.fbs}): tensors with their constant
 * data and quantization, and operators in execution order. Hand-written reader; no TFLite runtime.
 */
public record TfliteFile(Path path, List<TfliteTensor> tensors, List<TfliteOp> ops) {

  public static TfliteFile read(Path path) throws IOException {
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
    }
    if (buf.capacity() < 8) {
      throw new IOException(path + ": too short to be a .tflite file");
    }
    byte[] ident = new byte[4];
    buf.get(4, ident);
    if (!"TFL3".equals(new String(ident, StandardCharsets.US_ASCII))) {
      throw new IOException(path + ": not a TFLite flatbuffer (file identifier is not TFL3)");
    }
    try {
      return parse(path, FlatTable.root(buf));
    } catch (IndexOutOfBoundsException e) {
      throw new IOException(path + ": corrupt TFLite flatbuffer", e);
    }
  }

  private static TfliteFile parse(Path path, FlatTable model) throws IOException {
    // Model: 1 operator_codes, 2 subgraphs, 4 buffers.
    int[] opcodes = new int[model.vectorLength(1)];
    for (int i = 0; i < opcodes.length; i++) {
      FlatTable code = model.getTableElement(1, i);
      // OperatorCode: 0 deprecated_builtin_code (int8), 3 builtin_code (int32); the larger wins.
      opcodes[i] = Math.max(code.getByte(0, 0), code.getInt(3, 0));
    }
    if (model.vectorLength(2) < 1) {
      throw new IOException(path + ": TFLite model has no subgraph");
    }
    FlatTable subgraph = model.getTableElement(2, 0);
    List<TfliteTensor> tensors = new ArrayList<>();
    for (int i = 0; i < subgraph.vectorLength(0); i++) {
      tensors.add(tensor(model, i, subgraph.getTableElement(0, i)));
    }
    List<TfliteOp> ops = new ArrayList<>();
    for (int i = 0; i < subgraph.vectorLength(3); i++) {
      ops.add(op(opcodes, subgraph.getTableElement(3, i)));
    }
    return new TfliteFile(path, List.copyOf(tensors), List.copyOf(ops));
  }

  private static TfliteTensor tensor(FlatTable model, int index, FlatTable t) {
    // Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization.
    int bufferIndex = t.getInt(2, 0);
    ByteBuffer data = ByteBuffer.allocate(0);
    if (bufferIndex > 0 && bufferIndex < model.vectorLength(4)) {
      data = model.getTableElement(4, bufferIndex).getByteVector(0); // Buffer: 0 data
    }
    float[] scales = new float[0];
    long[] zeroPoints = new long[0];
    int qdim = 0;
    FlatTable q = t.getTable(4);
    if (q != null) {
      // QuantizationParameters: 2 scale, 3 zero_point, 6 quantized_dimension.
      scales = q.getFloatVector(2);
      zeroPoints = q.getLongVector(3);
      qdim = q.getInt(6, 0);
    }
    return new TfliteTensor(
        index, t.getString(3), t.getByte(1, 0), t.getIntVector(0), data, scales, zeroPoints, qdim);
  }

  private static TfliteOp op(int[] opcodes, FlatTable o) {
    // Operator: 0 opcode_index, 1 inputs, 2 outputs, 4 builtin_options.
    int code = opcodes[o.getInt(0, 0)];
    int strideH = 0;
    int strideW = 0;
    int padding = 0;
    int activation = 0;
    FlatTable opts = o.getTable(4);
    if (opts != null && code == TfliteOp.CONV_2D) {
      // Conv2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 fused_activation_function.
      padding = opts.getByte(0, 0);
      strideW = opts.getInt(1, 0);
      strideH = opts.getInt(2, 0);
      activation = opts.getByte(3, 0);
    } else if (opts != null && code == TfliteOp.DEPTHWISE_CONV_2D) {
      // DepthwiseConv2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 depth_multiplier, 4 act.
      padding = opts.getByte(0, 0);
      strideW = opts.getInt(1, 0);
      strideH = opts.getInt(2, 0);
      activation = opts.getByte(4, 0);
    }
    return new TfliteOp(code, o.getIntVector(1), o.getIntVector(2), strideH, strideW, padding,
        activation);
  }

  /** The op that produces tensor {@code index}, or null for inputs and constants. */
  public TfliteOp producer(int index) {
    for (TfliteOp op : ops) {
      for (int out : op.outputs()) {
        if (out == index) {
          return op;
        }
      }
    }
    return null;
  }
}
