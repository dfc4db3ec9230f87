/**
 * Figures of a fitted mixture as PNG files (XChart, rendered headless): the demo's fitted
 * planes, the experts over the data coloured by responsibility, the gate probabilities over x,
 * the bound per iteration, the information criteria against k and flexmix's rootogram of
 * posterior probabilities. The figures take plain arrays ({@link
 * org.mixturelib.plot.FittedSample}), which {@link org.mixturelib.plot.ScoredSample} draws from
 * a fitted Spark ML model, so that they serve the jobs, the notebooks and user code alike.
 */
package org.mixturelib.plot;
