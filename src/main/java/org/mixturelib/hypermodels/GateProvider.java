package org.mixturelib.hypermodels;

/**
 * Makes a gate from its type id: the service through which a gate of one's own becomes known
 * to the Spark ML estimators ({@code setGate(id)}), to saved models and to checkpoints. List the
 * implementing class in {@code META-INF/services/org.mixturelib.hypermodels.GateProvider} on
 * the classpath ({@link java.util.ServiceLoader}); it needs a public no-argument constructor.
 * See {@link Gates} and {@code docs/own-experts.md}.
 */
public interface GateProvider {
  /**
   * The gate's type id: what {@code setGate} takes and saved models and checkpoints record; it
   * must equal the {@link Gate#typeId()} of the gates {@link #create} makes.
   */
  String typeId();

  /**
   * Whether the gate's weights depend on the inputs x (then the rows of a group must share
   * them, and the gate may read a column of its own); false for weights that do not.
   */
  boolean readsInputs();

  /**
   * A gate before its first M-step.
   *
   * @throws IllegalArgumentException when the gate cannot have these sizes or settings (say
   *     which)
   */
  Gate create(GateSpec spec);
}
