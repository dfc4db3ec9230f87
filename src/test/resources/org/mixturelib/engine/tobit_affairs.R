# AER::tobit on AER's Affairs data (left-censored at 0): writes the data to the CSV given as
# the first argument and prints the coefficients, log(scale), the log-likelihood and the
# standard errors (coefficients, then log(scale)) on one line.
suppressPackageStartupMessages(library(AER))
args <- commandArgs(trailingOnly = TRUE)
data("Affairs", package = "AER")
cols <- c("affairs", "age", "yearsmarried", "religiousness", "occupation", "rating")
write.csv(Affairs[, cols], args[1], row.names = FALSE)
m <- tobit(affairs ~ age + yearsmarried + religiousness + occupation + rating, data = Affairs)
out <- c(coef(m), log(m$scale), as.numeric(logLik(m)), sqrt(diag(vcov(m))))
cat(sprintf("%.17g", out), "\n")
