package org.mixturelib.localmodels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link ZeroInflatedLoops} on the incubating Vector API: {@code L} rows at once (the
 * preferred species), every row's zero-part terms and a zero row's mixture computed lane-wise
 * with the API's exp and log1p (the JIT's vector intrinsics on x86) and the positive rows' taken
 * by a mask; the rows past the last whole vector go through {@link ZeroInflatedLoops.Scalar}.
 * Made by {@link ZeroInflatedLoops#create()} only when the JVM resolved the module; stateless.
 */
final class ZeroInflatedVectorLoops implements ZeroInflatedLoops {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  @Override
  public void densities(int n, double[] y, int yAt, double[] logf, double[] eta, int at,
      double[] pi, double[] zeta, double[] density) {
    int nv = S.loopBound(n);
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < nv; i += L) {
      int j = at + i;
      DoubleVector t = DoubleVector.fromArray(S, eta, j);
      DoubleVector lf = DoubleVector.fromArray(S, logf, j);
      // the zero part: x = exp(-|eta|), log(1 - pi) = -(max(eta, 0) + log1p(x))
      DoubleVector x = t.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector onePlusX = one.add(x);
      DoubleVector logNot = t.max(zero).add(x.lanewise(VectorOperators.LOG1P)).neg();
      one.blend(x, t.compare(VectorOperators.LT, 0)).div(onePlusX).intoArray(pi, j);
      // a zero row: r = exp(-|log f(0) - eta|)
      DoubleVector diff = lf.sub(t);
      DoubleVector r = diff.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector mixed = logNot.add(t.max(lf)).add(r.lanewise(VectorOperators.LOG1P));
      VectorMask<Double> below = diff.compare(VectorOperators.LE, 0);
      DoubleVector posterior = r.blend(one, below).div(one.add(r));
      VectorMask<Double> isZero = DoubleVector.fromArray(S, y, yAt + i)
          .compare(VectorOperators.EQ, 0);
      logNot.add(lf).blend(mixed, isZero).intoArray(density, j);
      zero.blend(posterior, isZero).intoArray(zeta, j);
    }
    if (nv < n) {
      Scalar.INSTANCE.densities(n - nv, y, yAt + nv, logf, eta, at + nv, pi, zeta, density);
    }
  }
}
