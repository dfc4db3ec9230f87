package org.mixturelib.localmodels;

/**
 * A GLM family's per-row work in the E-step pass of {@link GlmExperts} at one link, one
 * expert's column of a block at a time ({@link GlmColumn}): the link's means, the
 * log-densities, the IRLS weights and scores and a {@link ShapedGlmFamily}'s shape sums. {@link
 * GlmFamily#columns} gives it: {@link RowByRow}, the general path, calls the family's and the
 * link's per-row methods; a family gives its own loops for a link whose rows share special
 * functions between those steps (the negative binomial at the log link, the binomial at probit
 * and cloglog), which agree with {@link RowByRow} to rounding (the tests compare them). IRLS
 * itself, the normal equations and the M-step stay {@link GlmExperts}'s, written once.
 *
 * <p>The calls on one column come in order: {@link #means} or {@link #addLogDensities} (which
 * fills the means too), then {@link #irls}, at the same shape; an implementation may keep
 * per-row values in {@link GlmColumn#scratch} from the first for the second.
 */
interface GlmColumns {
  /** Fills the column's {@code mean} and {@code derivative} (the link's, at eta). */
  void means(GlmColumn c, double shape);

  /**
   * Adds each row's {@link GlmFamily#logDensity} (less its row constant) into {@code out[outAt
   * + i stride]}, filling the means as {@link #means} does.
   */
  void addLogDensities(GlmColumn c, double shape, double[] out, int outAt, int stride);

  /**
   * Writes each row's IRLS weight {@code E[-∂² log p / ∂mu²] mu'²} and score {@code ∂ log p /
   * ∂mu mu'} into the column's {@code weight} and {@code score}, both 0 for a mean held at the
   * edge of the family's support ({@link GlmFamily#validMean}: its log-density is flat in eta
   * there); with {@code sums} non-null also adds the rows' {@link
   * ShapedGlmFamily#addShapeSums}, weighted by {@code rw}, into {@code sums[sumsAt ..]}.
   *
   * @param rw the rows' weights times responsibilities, at the column's own offset
   */
  void irls(GlmColumn c, double shape, double[] rw, double[] sums, int sumsAt);

  /** The general path: the family's and the link's per-row methods. */
  final class RowByRow implements GlmColumns {
    private final GlmFamily family;
    private final Link link;
    /** The family as a {@link ShapedGlmFamily}, or null. */
    private final ShapedGlmFamily shaped;

    RowByRow(GlmFamily family, Link link) {
      this.family = family;
      this.link = link;
      this.shaped = family instanceof ShapedGlmFamily s ? s : null;
    }

    @Override
    public void means(GlmColumn c, double shape) {
      link.means(c.eta, c.at, c.n, c.mean, c.derivative);
    }

    @Override
    public void addLogDensities(GlmColumn c, double shape, double[] out, int outAt,
        int stride) {
      means(c, shape);
      for (int i = 0, at = c.at, o = outAt; i < c.n; i++, at++, o += stride) {
        out[o] += family.logDensity(c.label(i), c.trials(i), c.eta[at], c.mean[at], link,
            shape);
      }
    }

    @Override
    public void irls(GlmColumn c, double shape, double[] rw, double[] sums, int sumsAt) {
      for (int i = 0, at = c.at; i < c.n; i++, at++) {
        double y = c.label(i);
        double nt = c.trials(i);
        double linkMean = c.mean[at];
        double mu = family.validMean(linkMean);
        double d1 = c.derivative[at];
        boolean held = mu != linkMean;
        c.weight[at] = held ? 0 : family.meanInformation(nt, mu, shape) * d1 * d1;
        c.score[at] = held ? 0 : family.meanScore(y, nt, mu, shape) * d1;
        if (sums != null) {
          shaped.addShapeSums(y, nt, mu, shape, rw[at], sums, sumsAt);
        }
      }
    }
  }
}
