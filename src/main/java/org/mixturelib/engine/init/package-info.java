/**
 * How an EM run starts: the responsibilities of the first M-step, drawn at random, from bins of y,
 * or from a k-means clustering of {@code [x, y]} computed with passes over the data source.
 */
package org.mixturelib.engine.init;
