package org.mixturelib.engine;

/**
 * An acceleration wrapped around the EM map and the bound: after an M-step it may move the new
 * parameters to an extrapolated point; the E-step at that point then gives its verdict (the
 * point holds, or the plain EM point is scored instead). {@link #NONE} is plain EM, {@link
 * Squarem} the squared extrapolation.
 */
interface Acceleration {
  /** Plain EM: every state is the EM map of the last. */
  Acceleration NONE = new Acceleration() {
    @Override
    public MixtureState afterMStep(MixtureState scored, MixtureState next, boolean last) {
      return next;
    }

    @Override
    public boolean pending() {
      return false;
    }

    @Override
    public MixtureState verdict(boolean holds) {
      throw new IllegalStateException("plain EM has no extrapolated point to judge");
    }

    @Override
    public void reset() {}

    @Override
    public void resumeAt(Squarem.Memory memory) {}

    @Override
    public Squarem.Memory memory() {
      return null;
    }

    @Override
    public String summary() {
      return "";
    }
  };

  /**
   * The state to score after the M-step from the scored state {@code scored} gave {@code next}:
   * {@code next}, or an extrapolated point (then {@link #pending()}); when the run stops here
   * ({@code last}), {@code next}, the cycle in progress forgotten so that the run ends on a
   * plain EM point.
   */
  MixtureState afterMStep(MixtureState scored, MixtureState next, boolean last);

  /** Whether the state being scored is an extrapolated point awaiting the verdict. */
  boolean pending();

  /**
   * The verdict on the pending point, given whether its E-step {@code holds} (a finite bound at
   * least the last recorded one, no component below minPrior): null when it is kept, otherwise
   * the plain EM point to score instead.
   */
  MixtureState verdict(boolean holds);

  /** Forgets the cycle in progress (the model changed). */
  void reset();

  /** Resumes at a checkpoint's memory (null: a fresh cycle). */
  void resumeAt(Squarem.Memory memory);

  /** The cycle's memory for a checkpoint, or null when there is none. */
  Squarem.Memory memory();

  /** What the acceleration did, for the fit's last log line: "; ..." or "". */
  String summary();
}
