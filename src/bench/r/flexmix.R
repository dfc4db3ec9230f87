# flexmix(y ~ ., k = K) on a CSV written by the benchmark harness (BenchCase flexmix), with
# Gaussian components or, given "poisson", FLXMRglm(family = "poisson") (BenchCase
# flexmix-poisson).
# Usage: Rscript flexmix.R data.csv K seed [gaussian|poisson]
# Prints: RESULT<TAB>iter=..<TAB>seconds=..<TAB>sPerIter=..<TAB>cpuSPerIter=..<TAB>logLik=..
#         <TAB>components=..<TAB>rMaxMb=.. (R's own peak memory from gc()), or SKIP <reason>.
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
family <- if (length(args) >= 4) args[4] else "gaussian"
st <- system.time(m <- flexmix(y ~ ., data = d, k = k, model = FLXMRglm(family = family)))
t <- st[["elapsed"]]
cpu <- st[["user.self"]] + st[["sys.self"]]
g <- gc()
cat(sprintf(paste0("RESULT\titer=%d\tseconds=%.3f\tsPerIter=%.4f\tcpuSPerIter=%.4f",
                   "\tlogLik=%.6f\tcomponents=%d\trMaxMb=%.0f\n"),
            m@iter, t, t / m@iter, cpu / m@iter, as.numeric(logLik(m)), m@k,
            sum(g[, ncol(g)])))
