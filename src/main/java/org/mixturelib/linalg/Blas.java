package org.mixturelib.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * The BLAS every per-block product goes through, chosen once per JVM by the system property
 * {@code mixturelib.blas}:
 *
 * <ul>
 *   <li>{@code java} (the default): netlib's pure-Java BLAS. At the sizes of this library's
 *       blocks (a few thousand rows by D + M around ten) it is as fast as a native call and
 *       several times faster than the reference Fortran BLAS ({@code libblas3}) that many
 *       machines carry as a dependency of R and that netlib would otherwise load first; results
 *       are the same on every machine.
 *   <li>{@code native}: netlib's JNI BLAS, which loads {@code libblas.so.3} (override with
 *       {@code -Ddev.ludovic.netlib.blas.nativeLibPath=...}); worth it with an optimised
 *       library such as OpenBLAS run single-threaded ({@code OPENBLAS_NUM_THREADS=1}) under
 *       Spark's own task threads. Fails when no native library loads.
 *   <li>{@code auto}: whatever netlib picks (native when any {@code libblas.so.3} loads).
 * </ul>
 *
 * <p>Set it for executors too ({@code spark.executor.extraJavaOptions}); see
 * {@code docs/performance.md} for measurements.
 */
public final class Blas {
  /** The system property that selects the implementation. */
  public static final String PROPERTY = "mixturelib.blas";

  private static final BLAS INSTANCE = choose(System.getProperty(PROPERTY, "java"));

  private Blas() {}

  /** The chosen implementation. */
  public static BLAS get() {
    return INSTANCE;
  }

  private static BLAS choose(String name) {
    switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "java":
        return JavaBLAS.getInstance();
      case "native":
        return NativeBLAS.getInstance();
      case "auto":
        return BLAS.getInstance();
      default:
        throw new IllegalArgumentException("system property " + PROPERTY + " must be 'java',"
            + " 'native' or 'auto', got '" + name + "'");
    }
  }
}
