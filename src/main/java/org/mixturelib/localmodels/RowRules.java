package org.mixturelib.localmodels;

/**
 * The ability of an {@link ExpertFamilyProvider} to say which rows its family takes ({@link
 * RowRule}), from the family's settings, before any experts are made. A provider without it
 * takes every row of finite values.
 */
public interface RowRules {
  /**
   * The rule the family's rows meet under these settings.
   *
   * @param settings the family's settings, as {@link ExpertFamilyProvider#create} takes them
   * @throws IllegalArgumentException naming a setting the rule cannot read
   */
  RowRule rowRule(FamilySettings settings);
}
