package org.mixturelib.localmodels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The link of a family whose experts predict through a linear predictor {@code eta = Wᵀ x}
 * (plus an offset): {@code eta = g(mu)}, the mean of the answer is {@code mu = g⁻¹(eta)}. A
 * link supplies g, its inverse and the derivatives of the inverse that IRLS and the observed
 * information need; the library's links are {@link StandardLink}'s, found by id with {@link
 * #of}. Which links a family takes is the family's to say ({@link GlmFamily#link}).
 */
public interface Link extends Serializable {
  /** The link's id as the {@code link} param takes it: {@code "log"}, {@code "logit"}, ... */
  String id();

  /** {@code g(mu)}, the linear predictor of a mean. */
  double link(double mu);

  /** The mean {@code g⁻¹(eta)}. */
  double mean(double eta);

  /** {@code dmu/deta} at eta. */
  double meanDerivative(double eta);

  /** {@code d²mu/deta²} at eta (the observed information of a non-canonical link needs it). */
  double meanSecondDerivative(double eta);

  /**
   * The mean and {@code dmu/deta} of rows {@code from .. from + n - 1} of a column of linear
   * predictors, into the same rows of {@code mean} and {@code derivative}: what {@link #mean} and
   * {@link #meanDerivative} give, in one loop, so that a link whose two share their special
   * function (an {@code exp}, the normal tail) evaluates it once per row. The general path of
   * the E-step pass ({@link GlmColumns.RowByRow}) calls it once per expert and block.
   */
  default void means(double[] eta, int from, int n, double[] mean, double[] derivative) {
    for (int i = from; i < from + n; i++) {
      mean[i] = mean(eta[i]);
      derivative[i] = meanDerivative(eta[i]);
    }
  }

  /** {@code log g⁻¹(eta)}; links whose means are probabilities or exponentials override it. */
  default double logMean(double eta) {
    return Math.log(mean(eta));
  }

  /** {@code log(1 - g⁻¹(eta))}, for means that are probabilities. */
  default double logOneMinusMean(double eta) {
    return Math.log1p(-mean(eta));
  }

  /**
   * The library's link of that id.
   *
   * @throws IllegalArgumentException naming the param {@code link} when there is none
   */
  static Link of(String id) {
    for (StandardLink l : StandardLink.values()) {
      if (l.id().equals(id)) {
        return l;
      }
    }
    List<String> ids = new ArrayList<>();
    for (StandardLink l : StandardLink.values()) {
      ids.add(l.id());
    }
    throw new IllegalArgumentException("link '" + id + "' is unknown (links: "
        + String.join(", ", ids) + ")");
  }
}
