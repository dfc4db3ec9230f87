# Fits flexmix to a CSV with columns x, y and prints its log-likelihood and number of components.
# Usage: Rscript flexmix_fit.R data.csv k gated(0/1) nrep seed
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(flexmix))
d <- read.csv(args[1])
k <- as.integer(args[2])
gated <- args[3] == "1"
set.seed(as.integer(args[5]))
m <- if (gated) {
  stepFlexmix(y ~ x, data = d, k = k, nrep = as.integer(args[4]), verbose = FALSE,
              concomitant = FLXPmultinom(~ x))
} else {
  stepFlexmix(y ~ x, data = d, k = k, nrep = as.integer(args[4]), verbose = FALSE)
}
cat(sprintf("%.10f %d\n", as.numeric(logLik(m)), m@k))
