package org.mixturelib.localmodels;

import org.mixturelib.data.Mergeable;

/**
 * What one pass aggregates for an {@link ExpertFamily}'s M-step: made by {@link
 * ExpertFamily#newStatistics}, filled per block by the family's {@link ExpertKernel}, merged
 * across partitions by {@code treeAggregate}. Its size depends on K, D and M only. A family
 * merges only statistics of its own kind.
 */
public interface ExpertStatistics extends Mergeable<ExpertStatistics> {}
