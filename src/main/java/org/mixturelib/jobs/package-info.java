/**
 * Batch job entry points (spark-submit or an embedded local Spark): {@link
 * org.mixturelib.jobs.Main} with the subcommands {@code fit}, {@code predict} and {@code demo}
 * behind {@code jobs/fit.sh}, {@code jobs/predict.sh} and {@code jobs/demo.sh}, the summary
 * table ({@link org.mixturelib.jobs.FitSummary}) and the reports. See {@code docs/jobs.md}.
 */
package org.mixturelib.jobs;
