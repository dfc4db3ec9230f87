/** Batch job entry points (spark-submit or an embedded local Spark). */
package org.mixturelib.jobs;
