package org.mixturelib.jobs;

import java.io.PrintStream;
import java.util.Locale;
import org.mixturelib.engine.EmProgress;

/**
 * The jobs' progress on a terminal: one line of stderr redrawn in place (a carriage return, no
 * new line), at most ten times a second. While the starts run it is a bar of the starts done
 * ({@code k = 3  starts [#######.............]  12/37}); then the continuing fit's iteration,
 * bound and change ({@code k = 3  fit  iteration 14  bound -642.532  change 1.2e-05}). The
 * cursor goes back to the line's start after each redraw, so that a warning logged meanwhile
 * writes over the bar rather than after it; {@link #clear} blanks the line when the fit is
 * over.
 */
final class ProgressBar {
  /** Seconds between two redraws (a change of phase redraws at once). */
  static final double EVERY_SECONDS = 0.1;
  /** The narrowest and widest bar, in characters. */
  private static final int MIN_BAR = 10;
  private static final int MAX_BAR = 40;

  private final PrintStream out;
  private final int width;
  private final java.util.function.LongSupplier clock;
  private long lastNanos;
  private EmProgress.Phase lastPhase;
  private boolean shown;

  /**
   * @param out the terminal's stream (stderr)
   * @param width the terminal's width in characters
   */
  ProgressBar(PrintStream out, int width) {
    this(out, width, System::nanoTime);
  }

  /** The same with its own clock, in nanoseconds (a test's). */
  ProgressBar(PrintStream out, int width, java.util.function.LongSupplier clock) {
    this.out = out;
    this.width = width;
    this.clock = clock;
  }

  /** The terminal's width: {@code COLUMNS} when the shell exports it, else 80. */
  static int terminalWidth() {
    try {
      int w = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
      return w >= 20 ? w : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Redraws the line for this iteration, unless the last redraw was within a tenth of a second. */
  void show(String what, EmProgress p) {
    long now = clock.getAsLong();
    if (shown && p.phase() == lastPhase && !p.converged()
        && (now - lastNanos) / 1e9 < EVERY_SECONDS) {
      return;
    }
    lastNanos = now;
    lastPhase = p.phase();
    shown = true;
    // back to the line's start after it, so that a warning logged meanwhile overwrites the bar
    out.print("\r" + pad(render(what, p, width), width - 1) + "\r");
    out.flush();
  }

  /** Blanks the line, when one was drawn. */
  void clear() {
    if (shown) {
      out.print("\r" + " ".repeat(width - 1) + "\r");
      out.flush();
      shown = false;
    }
  }

  /**
   * The line for an iteration, at most {@code width - 1} characters (the last column is left
   * free: some terminals wrap on it).
   *
   * @param what what is being fitted ({@code "k = 3"})
   * @param p the iteration
   * @param width the terminal's width
   * @return the line, without a carriage return
   */
  static String render(String what, EmProgress p, int width) {
    String line = switch (p.phase()) {
      case START -> {
        String count = (p.start() - 1) + "/" + p.starts();
        String head = what + "  starts ";
        int bar = Math.max(MIN_BAR, Math.min(MAX_BAR, width - 1 - head.length()
            - count.length() - 4));
        int filled = (int) Math.round(bar * (p.start() - 1) / (double) Math.max(1, p.starts()));
        yield head + "[" + "#".repeat(filled) + ".".repeat(bar - filled) + "]  " + count;
      }
      case FIT, PERTURBATION -> String.format(Locale.ROOT, "%s  %s  iteration %d  bound %.3f"
          + "  change %s%s", what, p.phase() == EmProgress.Phase.FIT ? "fit" : "perturbation",
          p.iteration(), p.bound(), Double.isNaN(p.change()) ? "-"
              : String.format(Locale.ROOT, "%.1e", p.change()), p.converged() ? "  converged"
              : "");
    };
    return line.length() <= width - 1 ? line : line.substring(0, width - 1);
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s : s + " ".repeat(n - s.length());
  }
}
