package org.mixturelib.engine;

/**
 * Counter-based uniform numbers: a pure function of (seed, stream, row, index), so that every
 * per-row draw is the same however rows are split into partitions and however often a task is
 * retried.
 */
public final class RowRandom {
  private RowRandom() {}

  /** A uniform number in (0, 1). */
  public static double uniform(long seed, long stream, long row, int index) {
    long z = mix(seed ^ mix(stream * 0x9E3779B97F4A7C15L + row) ^ (index * 0xBF58476D1CE4E5B9L));
    return ((z >>> 11) + 0.5) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
