/**
 * The one EM loop ({@link org.mixturelib.engine.EmEngine}): per iteration it broadcasts the
 * parameters, aggregates the E-step statistics over a {@link org.mixturelib.data.DataSource},
 * records the bound, tests convergence and runs the M-steps on the driver. Restarts, random
 * initialisation and the 'sample' mode live here too, so that every front end shares them.
 */
package org.mixturelib.engine;
