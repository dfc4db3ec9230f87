package org.mixturelib.localmodels;

import java.io.Serializable;
import org.mixturelib.persistence.ParameterReader;
import org.mixturelib.persistence.ParameterWriter;

/**
 * Experts whose M-step is a step that may overshoot (a generalised EM step, e.g. one IRLS step):
 * when the E-step after it finds that the bound fell, the engine asks for the step to be halved
 * and scores again, so that the bound never decreases.
 */
public interface StepHalving extends ExpertFamily {
  /**
   * Moves the parameters back to half of the last M-step's step from where that step started.
   *
   * @return false when there is no step to halve (none taken yet, or the halvings are used up);
   *     the parameters are then unchanged
   */
  boolean halveLastStep();

  /**
   * What an expert family keeps of its last M-step's step for {@link #halveLastStep}, in a flat
   * layout of the family's choice: where the step started, the step (halved in place) and how
   * often it was halved. The fit's progress keeps it under the keys {@code halvings}, {@code
   * previous} and {@code step}.
   */
  final class LastStep implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Most halvings of one M-step's step. */
    static final int MAX_HALVINGS = 30;

    private double[] previous;
    private double[] step;
    private int halvings;

    /** Records a step {@code change} taken from {@code from} (both kept, not copied). */
    public void taken(double[] from, double[] change) {
      previous = from;
      step = change;
      halvings = 0;
    }

    /** Forgets the last step (none taken, or the parameters were set since): nothing to halve. */
    public void forget() {
      previous = null;
      step = null;
      halvings = 0;
    }

    /**
     * Halves the step.
     *
     * @return the point half as far from where the step started as before ({@code previous +
     *     step}, a new array), or null when there is no step or the halvings are used up
     */
    public double[] halve() {
      if (step == null || halvings >= MAX_HALVINGS) {
        return null;
      }
      halvings++;
      double[] at = new double[step.length];
      for (int i = 0; i < step.length; i++) {
        step[i] *= 0.5;
        at[i] = previous[i] + step[i];
      }
      return at;
    }

    /** Writes the halvings and, when there is a step, where it started and the step. */
    public void write(ParameterWriter out) {
      out.integer("halvings", halvings);
      if (step != null) {
        out.doubles("previous", previous);
        out.doubles("step", step);
      }
    }

    /** Restores what {@link #write} wrote; a step has {@code size} entries. */
    public void read(ParameterReader in, int size) {
      int h = in.integer("halvings");
      if (h < 0 || h > MAX_HALVINGS) {
        throw in.corrupt("'halvings' is " + h + ", outside [0, " + MAX_HALVINGS + "]");
      }
      if (in.has("step")) {
        previous = in.doubles("previous", size);
        step = in.doubles("step", size);
      } else {
        previous = null;
        step = null;
      }
      halvings = h;
    }
  }
}
