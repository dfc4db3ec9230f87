# Fits flexmix's grouped Poisson model yp ~ x | group (FLXMRglm(family = "poisson")) to
# npreg.csv and prints its log-likelihood, then per component its coefficients (intercept, x)
# and prior, then the number of groups per component.
# Usage: Rscript flexmix_grouped_poisson.R npreg.csv group k nrep seed
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(flexmix))
d <- read.csv(args[1])
d$g <- d[[args[2]]]
k <- as.integer(args[3])
set.seed(as.integer(args[5]))
m <- stepFlexmix(yp ~ x | g, data = d, k = k, nrep = as.integer(args[4]),
                 model = FLXMRglm(family = "poisson"), verbose = FALSE)
p <- parameters(m)
cat(sprintf("%.10f\n", as.numeric(logLik(m))))
for (j in seq_len(m@k)) {
  cat(sprintf("%.12g", c(p[, j], prior(m)[j])), "\n")
}
first <- !duplicated(d$g)
cat(tabulate(clusters(m)[first], nbins = m@k), "\n")
