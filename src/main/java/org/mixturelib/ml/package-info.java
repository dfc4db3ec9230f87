/**
 * Spark ML front ends: {@link org.mixturelib.ml.MixtureOfRegressions} and {@link
 * org.mixturelib.ml.MixtureOfExperts} are Estimators whose Models add prediction, gate
 * probability, responsibility, per-expert prediction, predictive standard deviation and
 * log-likelihood columns; {@link org.mixturelib.ml.MixtureLikelihoodEvaluator} scores held-out
 * log-likelihood for {@code CrossValidator}. They hold no maths: fitting runs the shared {@link
 * org.mixturelib.engine.EmEngine} over a {@link org.mixturelib.data.SparkSource}, scoring calls
 * {@link org.mixturelib.engine.MixturePrediction} and {@link
 * org.mixturelib.engine.MixturePosterior} on blocks of rows. Estimators, models and the
 * evaluator persist with {@code write().save(path)} / {@code load(path)}.
 */
package org.mixturelib.ml;
