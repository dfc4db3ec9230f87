package org.mixturelib.linalg;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The choice between the vector and the scalar loops, with and without the module. */
class VectorSupportTest {
  @Test
  void autoFollowsTheModuleAndScalarForcesTheScalarLoops() {
    assertTrue(VectorSupport.choose("auto", true));
    assertFalse(VectorSupport.choose("auto", false));
    assertFalse(VectorSupport.choose(" Scalar ", true));
    assertTrue(VectorSupport.choose("vector", true));
  }

  @Test
  void vectorWithoutTheModuleAndUnknownValuesAreRefusedByName() {
    IllegalStateException absent = assertThrows(IllegalStateException.class,
        () -> VectorSupport.choose("vector", false));
    assertTrue(absent.getMessage().contains("--add-modules jdk.incubator.vector"),
        absent.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> VectorSupport.choose("simd", true));
    assertTrue(bad.getMessage().contains("mixturelib.vector") && bad.getMessage().contains("simd"),
        bad.getMessage());
  }
}
