/**
 * Where the rows live: blocks of rows as primitive arrays ({@link org.mixturelib.data.Block}),
 * and the two sources the EM engine aggregates over, in memory and a cached Spark RDD of blocks.
 */
package org.mixturelib.data;
