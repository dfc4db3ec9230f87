package org.mixturelib.plot;

import java.awt.Color;

/**
 * Component colours: the Okabe-Ito palette, distinguishable with the common forms of colour
 * blindness, repeated when there are more than eight components.
 */
public final class Palette {
  private static final Color[] COLOURS = {
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
      new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};

  private Palette() {}

  /**
   * The colour of component {@code k} (0-based).
   *
   * @param k component index, at least 0
   * @return its colour
   */
  public static Color component(int k) {
    return COLOURS[Math.floorMod(k, COLOURS.length)];
  }

  /**
   * The colour of component {@code k} with the given opacity.
   *
   * @param k component index, at least 0
   * @param opacity from 0 (transparent) to 1 (opaque)
   * @return its colour with that opacity
   */
  public static Color component(int k, double opacity) {
    Color c = component(k);
    int a = (int) Math.round(255 * Math.max(0, Math.min(1, opacity)));
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
  }
}
