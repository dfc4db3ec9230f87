package org.mixturelib.localmodels;

/**
 * One expert's rows of a block in the E-step pass of {@link GlmExperts}, as {@link GlmColumns}
 * reads and fills them: the block's labels and trials, and the pass's working columns
 * (column-major n x K, this expert's rows at {@code at .. at + n - 1}). The kernel of a
 * partition holds one and points it at each expert and block in turn; not thread-safe.
 */
final class GlmColumn {
  /** The block's labels, row i at {@code labels[labelsAt + i]}. */
  double[] labels;
  int labelsAt;
  /** The block's trials, or null for one trial per row. */
  double[] trials;
  /** The block's rows. */
  int n;
  /** Where this expert's rows start in the working columns. */
  int at;
  /** The linear predictors (offset included). */
  double[] eta;
  /** The link's means at eta, filled by {@link GlmColumns#means}. */
  double[] mean;
  /** Their derivatives {@code dmu/deta}, likewise. */
  double[] derivative;
  /** A column a {@link GlmColumns} keeps its own per-row values in between its calls. */
  double[] scratch;
  /** The IRLS weights {@code E[-∂² log p / ∂eta²]}, filled by {@link GlmColumns#irls}. */
  double[] weight;
  /** The IRLS scores {@code ∂ log p / ∂eta}, likewise. */
  double[] score;

  /** A column for a {@link GlmColumns}' intermediate values within one call. */
  double[] work;
  /** The partition's loops, for the exponentials and logs of a column at once. */
  PassLoops loops;

  /** Row i's label. */
  double label(int i) {
    return labels[labelsAt + i];
  }

  /** Row i's number of trials (1 without a trials column). */
  double trials(int i) {
    return trials == null ? 1.0 : trials[i];
  }
}
