/**
 * The 0.4-style front end, above the engine: {@link org.mixturelib.mixture.MixtureEM} over a
 * list of local models ({@link org.mixturelib.mixture.EachModelLinear} experts or any {@link
 * org.mixturelib.mixture.EachModel}, fitted together as {@link
 * org.mixturelib.mixture.EachModelExperts}), a hyper model, 0.4's {@link
 * org.mixturelib.mixture.HyperParameters} and regularizers ({@link
 * org.mixturelib.mixture.RegularizeModel}, {@link org.mixturelib.mixture.RegularizeFunc} over
 * local models), fitted by the shared EM engine on in-memory matrices or a Spark {@code
 * Dataset}. The components below it (local models, gates, regularizers) do not import it.
 */
package org.mixturelib.mixture;
