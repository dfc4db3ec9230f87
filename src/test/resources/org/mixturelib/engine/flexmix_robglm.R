# flexmix's own FLXMRrobglm example (Leisch 2008): NPreg with three gross outliers, k = 3 with a
# background component. Writes the data to args[1]; prints the log-likelihood, its df, the
# priors and the parameters (coef x 3 and sigma, per component, the background first).
suppressMessages(library(flexmix))
args <- commandArgs(trailingOnly = TRUE)
data("NPreg", package = "flexmix")
DATA <- NPreg[, 1:2]
set.seed(3)
DATA2 <- rbind(DATA, cbind(x = -runif(3), yn = 50 + runif(3)))
write.csv(DATA2, args[1], row.names = FALSE)
f3 <- flexmix(yn ~ x + I(x^2), data = DATA2, k = 3, model = FLXMRrobglm(),
              control = list(minprior = 0))
cat(sprintf("%.12g", c(logLik(f3), attr(logLik(f3), "df"), f3@prior, parameters(f3))), "\n")
