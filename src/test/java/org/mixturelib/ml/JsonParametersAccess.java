package org.mixturelib.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.mixturelib.persistence.Persistent;

/** Tests of other packages write and read components through the saved models' JSON form. */
public final class JsonParametersAccess {
  private JsonParametersAccess() {}

  /** Writes {@code from}'s parameters as a saved model does and reads them into {@code to}. */
  public static void roundTrip(Persistent from, Persistent to) {
    ObjectNode saved = StageWriter.JSON.createObjectNode();
    from.writeParameters(new JsonParameters(saved));
    to.readParameters(new JsonParameters(saved.deepCopy()));
  }
}
