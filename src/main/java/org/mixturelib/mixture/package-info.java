/**
 * The 0.4-style front end: {@link org.mixturelib.mixture.MixtureEM} over a list of local
 * models ({@code EachModelLinear} experts or any {@code EachModel}), a hyper model and
 * regularizers, fitted by the shared EM engine on
 * in-memory matrices or a Spark {@code Dataset}.
 */
package org.mixturelib.mixture;
