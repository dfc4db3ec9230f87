package org.mixturelib.localmodels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * A provider of {@link CategoricalExperts}: its families read a label of L levels and are made
 * with the levels' names in the setting {@value #LEVELS} (a JSON array of strings, index order;
 * the Spark ML param of that name). The front ends test for this ability ({@link
 * ExpertFamilies#takesLevels}) to learn the levels from the data before the fit and to index a
 * string label.
 */
public interface CategoricalFamilyProvider extends ExpertFamilyProvider {
  /** The setting (and Spark ML param) holding the label's levels. */
  String LEVELS = "labelLevels";

  /** The levels as the setting's text: a JSON array of strings. */
  static String encode(List<String> levels) {
    try {
      return new ObjectMapper().writeValueAsString(levels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The levels the setting's text holds.
   *
   * @throws IllegalArgumentException naming the setting when the text is not a JSON array of
   *     strings
   */
  static List<String> decode(String text) {
    try {
      return List.of(new ObjectMapper().readValue(text, String[].class));
    } catch (JsonProcessingException | NullPointerException e) {
      throw new IllegalArgumentException("setting '" + LEVELS + "' must be a JSON array of"
          + " strings, got " + text);
    }
  }
}
