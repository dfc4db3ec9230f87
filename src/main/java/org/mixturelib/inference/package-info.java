/**
 * Standard errors of a fitted mixture: the observed information of the full log-likelihood at
 * the maximum-likelihood parameters, aggregated in one pass from the per-row scores and
 * curvatures that the experts ({@link org.mixturelib.localmodels.ExpertScores}) and the gate
 * ({@link org.mixturelib.hypermodels.GateScores}) provide ({@link
 * org.mixturelib.inference.ObservedInformation}), and the table of estimates, standard errors,
 * z statistics, p-values and intervals it gives ({@link
 * org.mixturelib.inference.StandardErrors}).
 */
package org.mixturelib.inference;
