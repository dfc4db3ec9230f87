/**
 * Regularizers that link the experts' priors in the M-step: {@link
 * org.mixturelib.regularizers.RegularizeModel} (prior means drawn together) and {@link
 * org.mixturelib.regularizers.RegularizeFunc} (any differentiable link function).
 */
package org.mixturelib.regularizers;
