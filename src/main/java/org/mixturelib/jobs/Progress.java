package org.mixturelib.jobs;

import org.mixturelib.engine.EmListener;
import org.mixturelib.engine.EmProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' progress display: on long work, one short line per iteration of the continuing fit
 * (at most one a second), logged at INFO by the logger {@code org.mixturelib.jobs.Progress}
 * (stderr in {@code conf/log4j2.properties}); nothing for the starts, nothing for a fit that
 * ends within {@link #QUIET_SECONDS}. {@code --quiet} turns the logger off.
 */
final class Progress implements EmListener {
  /** A fit that ends within this many seconds of its first iteration prints nothing. */
  static final double QUIET_SECONDS = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final String what;
  private long firstNanos = -1;
  private long lastLineNanos;

  /** @param what what is being fitted, as the lines name it ({@code "k = 3"}) */
  Progress(String what) {
    this.what = what;
  }

  @Override
  public void iteration(EmProgress p) {
    if (p.phase() != EmProgress.Phase.FIT || !LOG.isInfoEnabled()) {
      return;
    }
    long now = System.nanoTime();
    if (firstNanos < 0) {
      firstNanos = now;
      lastLineNanos = now;
      return;
    }
    boolean late = (now - firstNanos) / 1e9 >= QUIET_SECONDS;
    if (late && ((now - lastLineNanos) / 1e9 >= 1 || p.converged())) {
      lastLineNanos = now;
      LOG.info("{}: {}", what, p.line());
    }
  }
}
