/**
 * Hyper models (gates) that give the mixing weights pi: {@link
 * org.mixturelib.hypermodels.HyperModelDirichlet} (constant weights, a mixture of models),
 * {@link org.mixturelib.hypermodels.HyperExpertNN} (a softmax network of x: a multinomial-logit
 * gate without hidden layers, an MLP with them) and {@link
 * org.mixturelib.hypermodels.HyperModelGateSparsed} (per-object Dirichlet weights).
 */
package org.mixturelib.hypermodels;
