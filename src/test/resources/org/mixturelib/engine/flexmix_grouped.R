# Fits flexmix's grouped model yn ~ x + I(x^2) | group to npreg.csv and prints its
# log-likelihood, then per component its coefficients, sigma and prior, then the number of
# groups per component.
# Usage: Rscript flexmix_grouped.R npreg.csv group k nrep seed
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(flexmix))
d <- read.csv(args[1])
d$g <- d[[args[2]]]
k <- as.integer(args[3])
set.seed(as.integer(args[5]))
m <- stepFlexmix(yn ~ x + I(x^2) | g, data = d, k = k, nrep = as.integer(args[4]),
                 verbose = FALSE)
p <- parameters(m)
cat(sprintf("%.10f\n", as.numeric(logLik(m))))
for (j in seq_len(m@k)) {
  cat(sprintf("%.12g", c(p[, j], prior(m)[j])), "\n")
}
first <- !duplicated(d$g)
cat(tabulate(clusters(m)[first], nbins = m@k), "\n")
