package org.mixturelib.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mixturelib.mixture.EachModelLinear;

/** The Python bridge: numpy's byte layout both ways, and a link function answering in bytes. */
class PythonBridgeTest {
  private static byte[] littleEndian(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putDouble(d);
    }
    return b.array();
  }

  @Test
  void readsRowsInNumpyOrderAndWritesThemBackWithTheShape() {
    double[][] m = PythonBridge.matrix(littleEndian(1, 2, 3, 4, 5, 6), 2, 3);
    assertArrayEquals(new double[] {1, 2, 3}, m[0]);
    assertArrayEquals(new double[] {4, 5, 6}, m[1]);
    ByteBuffer back = ByteBuffer.wrap(PythonBridge.bytes(m)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(2, back.getInt());
    assertEquals(3, back.getInt());
    for (double expected = 1; expected <= 6; expected++) {
      assertEquals(expected, back.getDouble());
    }
    assertArrayEquals(new double[] {-0.5, 7}, PythonBridge.vector(
        PythonBridge.bytes(new double[] {-0.5, 7})));
  }

  @Test
  void refusesBytesThatDoNotHoldTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PythonBridge.matrix(littleEndian(1, 2, 3), 2, 2));
    assertTrue(e.getMessage().contains("2 x 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PythonBridge.vector(new byte[7]));
    assertThrows(IllegalArgumentException.class,
        () -> PythonBridge.bytes(new double[][] {{1, 2}, {3}}));
  }

  /** R = -||W0||² answered in bytes: RegularizeFunc reaches w0 = E[W] / (1 + 2a) = 1/3. */
  @Test
  void aLinkAnsweringInBytesDrivesRegularizeFunc() {
    EachModelLinear first = new EachModelLinear(2, new double[] {1, 1}, new double[] {0, 0});
    EachModelLinear second = new EachModelLinear(2, new double[] {1, 1}, new double[] {1, 1});
    first.setW(new double[][] {{0}, {0}});
    second.setW(new double[][] {{1}, {1}});
    PythonBridge.Link minusSquares = (data, experts, size) -> {
      double[] w = PythonBridge.vector(data);
      double[] out = new double[1 + w.length];
      for (int j = 0; j < w.length; j++) {
        out[0] -= w[j] * w[j];
        out[1 + j] = -2 * w[j];
      }
      return PythonBridge.bytes(out);
    };
    new RegularizeFunc(List.of(first, second), PythonBridge.link(minusSquares), 100)
        .mStep(null, null, null, null);
    assertEquals(0.0, first.w0()[0][0], 1e-9);
    assertEquals(1.0 / 3, second.w0()[0][0], 1e-9);
    assertEquals(1.0 / 3, second.w0()[1][0], 1e-9);
  }

  @Test
  void refusesALinkThatAnswersTheWrongNumberOfValues() {
    EachModelLinear only = new EachModelLinear(2, new double[] {1, 1}, new double[] {0, 0});
    PythonBridge.Link valueOnly = (data, experts, size) -> PythonBridge.bytes(new double[] {0});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RegularizeFunc(List.of(only), PythonBridge.link(valueOnly), 10)
            .mStep(null, null, null, null));
    assertTrue(e.getMessage().contains("derivatives"), e.getMessage());
  }
}
