package org.mixturelib.localmodels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The numerical conditions a family met since the engine last asked ({@link
 * ExpertFamily#takeNotes}): each message once, in the order first met.
 */
final class Notes {
  private Set<String> messages;

  /** Records a message (again: no effect). */
  void add(String message) {
    if (messages == null) {
      messages = new LinkedHashSet<>();
    }
    messages.add(message);
  }

  /** The messages recorded since the last call, forgotten here. */
  List<String> take() {
    if (messages == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(messages);
    messages = null;
    return out;
  }
}
