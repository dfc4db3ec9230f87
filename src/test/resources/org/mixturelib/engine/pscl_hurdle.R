# pscl::hurdle on bioChemists (args[1]: the shared CSV; args[2]: poisson or negbin), binomial
# logit hurdle: for the zero part "| 1" then "| ment + kid5", one line each: log-likelihood,
# count then zero coefficients, theta (negbin), then the coefficients' standard errors in the
# same order.
suppressMessages(library(pscl))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
ctl <- hurdle.control(reltol = 1e-13, maxit = 100000)
f1 <- hurdle(art ~ fem + mar + kid5 + phd + ment | 1, data = d, dist = args[2], control = ctl)
f2 <- hurdle(art ~ fem + mar + kid5 + phd + ment | ment + kid5, data = d, dist = args[2], control = ctl)
for (f in list(f1, f2)) {
  b <- coef(f)
  cat(sprintf("%.12g", c(logLik(f), b, if (!is.null(f$theta)) f$theta,
    sqrt(diag(vcov(f)))[seq_along(b)])), "\n")
}
