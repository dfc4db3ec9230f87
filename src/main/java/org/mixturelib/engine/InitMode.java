package org.mixturelib.engine;

/**
 * How the EM loop starts. With {@code numInit > 1}, each random or k-means start runs a short EM
 * (until the bound changes by less than {@code initTol} per unit weight, or {@code
 * initIterations}) and the one with the best bound continues to convergence (flexmix's {@code
 * initFlexmix}, the "short runs then one long run" strategy of Biernacki, Celeux and Govaert
 * 2003).
 *
 * <p>The two kinds of start complement each other: k-means on {@code [x, y]} finds experts that
 * own regions of x (mixtures of experts, well separated groups) in a few iterations; random
 * subsets find experts that cross or overlap in x (mixtures of regressions), where k-means cuts
 * the data in the wrong places; bins of y find experts that are levels of y. {@link #MIXED}, the
 * default, makes one k-means start (further k-means seedings mostly repeat it) and y-bin starts
 * among random ones.
 */
public enum InitMode {
  /**
   * Each expert fitted to its own small random subset of rows (about five rows per expert and
   * parameter, each row given wholly to one expert drawn uniformly), the gate as constructed:
   * the experts start apart however many rows there are (random responsibilities spread over
   * all rows would start every expert at the pooled fit, a saddle).
   */
  RANDOM,
  /**
   * k-means on the standardised {@code [x, y]} rows (k-means++ seeding from a different stream
   * per start, then Lloyd passes), the responsibilities of a spherical mixture at the centres,
   * then an M-step.
   */
  KMEANS,
  /**
   * The second start from k-means, every third start from bins of y (the third, sixth, ...:
   * mixtools' {@code regmix.init}, {@link org.mixturelib.engine.init.YBinStart}), the others
   * random (the default; a single start is random, the cheapest on many rows).
   */
  MIXED,
  /** The parameters as given (a warm start or an initial model): the E-step comes first. */
  GIVEN;

  /**
   * Parses {@code "random"}, {@code "kmeans"}, {@code "mixed"} or {@code "given"}
   * (case-insensitive).
   */
  public static InitMode parse(String name) {
    if ("random".equalsIgnoreCase(name)) {
      return RANDOM;
    }
    if ("kmeans".equalsIgnoreCase(name) || "k-means".equalsIgnoreCase(name)) {
      return KMEANS;
    }
    if ("mixed".equalsIgnoreCase(name)) {
      return MIXED;
    }
    if ("given".equalsIgnoreCase(name)) {
      return GIVEN;
    }
    throw new IllegalArgumentException("initMode must be 'random', 'kmeans', 'mixed' or 'given',"
        + " got '" + name + "'");
  }
}
