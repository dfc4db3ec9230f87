/**
 * Local models (experts): {@link org.mixturelib.localmodels.LinearExperts}, the K Bayesian
 * linear regression experts of one mixture held as one object, and the 0.4-style single
 * expert {@link org.mixturelib.localmodels.EachModelLinear}.
 */
package org.mixturelib.localmodels;
