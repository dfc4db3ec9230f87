# flexmix's FLXMRmultinom on a CSV with columns id, x, y (the level index): stepFlexmix(y ~ x |
# id, k, nrep), printing the log-likelihood, then per component its coefficients as flexmix
# lists them (nnet's (L-1) x D matrix by columns: every level's intercept, then every level's
# slope) and its prior.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(flexmix))
d <- read.csv(args[1])
d$y <- factor(d$y)
set.seed(1)
fm <- stepFlexmix(y ~ x | id, data = d, k = as.integer(args[2]), model = FLXMRmultinom(),
                  nrep = as.integer(args[3]), verbose = FALSE)
cat(format(as.numeric(logLik(fm)), digits = 17), "\n")
p <- parameters(fm)
for (c in seq_len(ncol(p))) {
  cat(format(c(p[, c], prior(fm)[c]), digits = 17), "\n")
}
