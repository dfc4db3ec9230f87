# flexmix(y ~ ., k = K) on a CSV written by the benchmark harness (BenchCase flexmix).
# Usage: Rscript flexmix.R data.csv K seed
# Prints: RESULT<TAB>iter=..<TAB>seconds=..<TAB>sPerIter=..<TAB>logLik=..<TAB>components=..
#         <TAB>rMaxMb=.. (R's own peak memory from gc()), or SKIP <reason>.
args <- commandArgs(trailingOnly = TRUE)
if (!suppressWarnings(suppressMessages(requireNamespace("flexmix", quietly = TRUE)))) {
  cat("SKIP flexmix is not installed\n")
  quit(status = 0)
}
suppressMessages(library(flexmix))
d <- read.csv(args[1], colClasses = "numeric")
k <- as.integer(args[2])
set.seed(as.integer(args[3]))
invisible(gc(reset = TRUE))
t <- system.time(m <- flexmix(y ~ ., data = d, k = k))[["elapsed"]]
g <- gc()
cat(sprintf("RESULT\titer=%d\tseconds=%.3f\tsPerIter=%.4f\tlogLik=%.6f\tcomponents=%d\trMaxMb=%.0f\n",
            m@iter, t, t / m@iter, as.numeric(logLik(m)), m@k, sum(g[, ncol(g)])))
