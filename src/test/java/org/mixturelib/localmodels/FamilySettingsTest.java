package org.mixturelib.localmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FamilySettingsTest {

  @Test
  void withReturnsANewInstanceAndLeavesTheOldOneAlone() {
    FamilySettings one = FamilySettings.NONE.with("link", "log");
    FamilySettings two = one.with("theta", "2.5").with("link", "sqrt");
    assertFalse(FamilySettings.NONE.has("link"));
    assertEquals("log", one.text("link", "none"));
    assertEquals("sqrt", two.text("link", "none"));
    assertEquals(2.5, two.number("theta", 0), 0);
    assertEquals(7, one.number("theta", 7), 0);
    assertEquals("x", one.text("other", "x"));
    assertEquals(List.of("link", "theta"), List.copyOf(two.names()));
    assertEquals(one, FamilySettings.NONE.with("link", "log"));
  }

  @Test
  void aNonNumberNamesTheSetting() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FamilySettings.NONE.with("theta", "abc").number("theta", 1));
    assertTrue(e.getMessage().contains("'theta'"), e.getMessage());
  }

  @Test
  void refuseOthersNamesFamilySettingAndWhatItTakes() {
    FamilySettings s = FamilySettings.NONE.with("link", "log").with("zeta", "1");
    s.refuseOthers("poisson", Set.of("link", "zeta"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.refuseOthers("poisson", Set.of("link")));
    assertEquals("family 'poisson' takes no setting 'zeta' (it takes: link)", e.getMessage());
  }

  @Test
  void aFamilyWithoutSettingsRefusesAnyThroughTheProviderDefault() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ExpertFamilies.create("gaussian", 2, 2, 1,
            FamilySettings.NONE.with("theta", "2")));
    assertTrue(e.getMessage().contains("'gaussian'") && e.getMessage().contains("'theta'"),
        e.getMessage());
    assertEquals("gaussian",
        ExpertFamilies.create("gaussian", 2, 2, 1, FamilySettings.NONE).typeId());
  }
}
