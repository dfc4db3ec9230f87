/**
 * Small dense linear algebra and numerics used on the driver and inside tasks: Cholesky
 * factorisation with a jitter fallback (through the netlib LAPACK that Spark ships), special
 * functions, and the driver-side L-BFGS optimiser that the gradient-trained components use.
 */
package org.mixturelib.linalg;
