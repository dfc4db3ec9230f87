/**
 * Local models (experts). {@link org.mixturelib.localmodels.ExpertFamily} is the one interface
 * the engine, the statistics, checkpoints, persistence and scoring know a family of K experts
 * by, with its per-partition {@link org.mixturelib.localmodels.ExpertKernel} and mergeable
 * {@link org.mixturelib.localmodels.ExpertStatistics}; optional abilities are small interfaces
 * a family adds ({@link org.mixturelib.localmodels.LinearPredictors}, {@link
 * org.mixturelib.localmodels.BayesianExperts}, {@link
 * org.mixturelib.localmodels.PredictiveVariance}, {@link
 * org.mixturelib.localmodels.SplittableExperts}, {@link
 * org.mixturelib.localmodels.ColumnDependence}, {@link org.mixturelib.localmodels.NoiseFloor}, {@link
 * org.mixturelib.localmodels.NoiseRatio}).
 * {@link org.mixturelib.localmodels.LinearExperts} is the Gaussian family: the K Bayesian linear
 * regression experts of one mixture held as one object. {@link
 * org.mixturelib.localmodels.GlmExperts} are the generalised linear experts of any {@link
 * org.mixturelib.localmodels.GlmFamily} (Poisson, binomial, Gamma, negative binomial, Gaussian
 * through the log link; {@link org.mixturelib.localmodels.GlmFamilies}) and {@link
 * org.mixturelib.localmodels.Link} ({@link org.mixturelib.localmodels.StandardLink}), IRLS
 * written once; a family's own settings reach its provider as {@link
 * org.mixturelib.localmodels.FamilySettings}. The 0.4-style single experts ({@code
 * EachModelLinear}, {@code EachModel}) are the 0.4 front end's, in {@code
 * org.mixturelib.mixture}, above this layer.
 */
package org.mixturelib.localmodels;
