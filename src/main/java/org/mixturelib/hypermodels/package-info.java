/**
 * Hyper models (gates) that give the mixing weights pi: {@link
 * org.mixturelib.hypermodels.HyperModelDirichlet} (constant weights, a mixture of models),
 * {@link org.mixturelib.hypermodels.LinearGate} (a softmax of x, the multinomial-logit gate),
 * {@link org.mixturelib.hypermodels.NetworkGate} (a softmax of an MLP of x; 0.4's {@link
 * org.mixturelib.hypermodels.HyperExpertNN}) and {@link
 * org.mixturelib.hypermodels.HyperModelGateSparsed} (per-object Dirichlet weights). Optional
 * abilities are small interfaces a gate implements (see {@link org.mixturelib.hypermodels.Gate}).
 */
package org.mixturelib.hypermodels;
