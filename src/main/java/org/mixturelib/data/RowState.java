package org.mixturelib.data;

/**
 * Per-row state kept by a {@link DataSource} between passes (opaque to callers). Release it
 * with {@link #release()} when it is replaced.
 */
public interface RowState {
  /** Frees the storage behind this state. */
  void release();
}
