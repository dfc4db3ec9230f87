package org.mixturelib.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.mixturelib.engine.EmListener;
import org.mixturelib.engine.EmProgress;

/**
 * An {@link EmListener} that keeps the lines of a fit's progress for another thread to take, as
 * the Python package does while the fit runs: one {@link EmProgress#line()} per iteration of the
 * continuing fit and of a perturbation's trial; for the starts, not a line per iteration but one
 * line when they are over ({@code "10 starts: best bound -642.532, 143 iterations, 0.8 s"}), and
 * while they run, at most one line every 5 seconds saying how many
 * are done.
 */
public final class FitProgress implements EmListener {
  /** Seconds between two lines about the starts while they run. */
  static final double STARTS_EVERY_SECONDS = 5;

  private final Queue<String> lines = new ConcurrentLinkedQueue<>();
  private int starts;
  private int start;
  private int startIterations;
  private double startSeconds;
  private double bestStart = Double.NEGATIVE_INFINITY;
  private double sinceLine;
  private boolean startsPending;

  /** A listener with no lines yet. */
  public FitProgress() {
  }

  @Override
  public synchronized void iteration(EmProgress progress) {
    if (progress.phase() == EmProgress.Phase.START) {
      if (progress.start() != start && start > 0 && sinceLine >= STARTS_EVERY_SECONDS) {
        lines.add(String.format(Locale.ROOT, "starts: %d of %d done, best bound %.3f",
            start, starts, bestStart));
        sinceLine = 0;
      }
      starts = progress.starts();
      start = progress.start();
      startIterations++;
      startSeconds += progress.seconds();
      sinceLine += progress.seconds();
      bestStart = Math.max(bestStart, progress.bound());
      startsPending = true;
      return;
    }
    finishStarts();
    lines.add(progress.line());
  }

  /** Records the starts' line if they ran and it is not recorded yet (call when the fit ends). */
  public synchronized void finish() {
    finishStarts();
  }

  private void finishStarts() {
    if (startsPending) {
      lines.add(String.format(Locale.ROOT, "%d starts: best bound %.3f, %d iterations, %.1f s",
          starts, bestStart, startIterations, startSeconds));
      startsPending = false;
    }
  }

  /** The lines recorded since the last call, oldest first (empty when there are none). */
  public String[] take() {
    List<String> out = new ArrayList<>();
    for (String line = lines.poll(); line != null; line = lines.poll()) {
      out.add(line);
    }
    return out.toArray(new String[0]);
  }
}
