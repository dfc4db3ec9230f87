package org.mixturelib.jobs;

import org.mixturelib.engine.EmListener;
import org.mixturelib.engine.EmProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' progress display. On a terminal ({@link #terminal()}) a {@link
 * ProgressBar}: one line of stderr redrawn in place, a bar of the starts done, then the
 * continuing fit's iteration, blanked when the fit is over. Otherwise (a pipe, a file, a
 * scheduler's log) on long work one short line per iteration of the continuing fit, at most one
 * a second, logged at INFO by the logger {@code org.mixturelib.jobs.Progress} (stderr in {@code
 * conf/log4j2.properties}); nothing for the starts, nothing for a fit that ends within {@link
 * #QUIET_SECONDS}. {@code --quiet} turns the logger off, and with it the bar.
 */
final class Progress implements EmListener, AutoCloseable {
  /** A fit that ends within this many seconds of its first iteration prints no line. */
  static final double QUIET_SECONDS = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final String what;
  private final ProgressBar bar;
  private long firstNanos = -1;
  private long lastLineNanos;

  /**
   * @param what what is being fitted, as the lines name it ({@code "k = 3"})
   * @param bar the terminal's bar, or null for log lines
   */
  Progress(String what, ProgressBar bar) {
    this.what = what;
    this.bar = bar;
  }

  /** Log lines (for a fit whose stderr is not a terminal). */
  Progress(String what) {
    this(what, null);
  }

  /**
   * The display for this JVM: the bar on stderr when there is a terminal and the progress
   * logger is on (not {@code --quiet}), else log lines.
   */
  static Progress of(String what) {
    return new Progress(what, terminal() && LOG.isInfoEnabled()
        ? new ProgressBar(System.err, ProgressBar.terminalWidth()) : null);
  }

  /**
   * Whether stderr is a terminal: as the system property {@code mixturelib.jobs.terminal} says
   * when set (the scripts set it, since the JVM's stderr is their filter's pipe), else whether
   * {@link System#console()} is not null.
   */
  static boolean terminal() {
    String told = System.getProperty("mixturelib.jobs.terminal");
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  @Override
  public void iteration(EmProgress p) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    if (bar != null) {
      bar.show(what, p);
      return;
    }
    if (p.phase() != EmProgress.Phase.FIT) {
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

  /** Blanks the bar when the fit is over (log lines need nothing). */
  @Override
  public void close() {
    if (bar != null) {
      bar.clear();
    }
  }
}
