# Fits flexmix's own FLXMRglmfix examples and prints what the Java test compares.
# Usage: Rscript flexmix_glmfix.R NregFix|NregFixVarFix|BregFix data.csv nrep seed
# Writes the data (factors as 0/1 dummies) to data.csv, then prints the log-likelihood, per
# component its coefficients in the columns' order (intercept, then the others; 0 where the
# component has none) and, for the Gaussian, its sigma, then per component the concomitant
# model's (intercept, w1), then the cluster sizes, then refit's estimates and errors.
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(flexmix))
set.seed(as.integer(args[4]))
nrep <- as.integer(args[3])
if (args[1] == "BregFix") {
  data("BregFix", package = "flexmix")
  d <- BregFix
  model <- FLXMRglmfix(family = "binomial", nested = list(formula = c(~x, ~0), k = c(2, 1)))
  m <- initFlexmix(cbind(yes, no) ~ 1, data = d, k = 3, model = model,
                   concomitant = FLXPmultinom(~w), nrep = nrep, verbose = 0)
  write.csv(data.frame(yes = d$yes, no = d$no, x = d$x, w = as.numeric(d$w == "1")),
            args[2], row.names = FALSE)
  names <- c("(Intercept)", "x")
} else {
  data("NregFix", package = "flexmix")
  d <- NregFix
  model <- FLXMRglmfix(~1, fixed = ~x2, nested = list(k = c(2, 1), formula = c(~x1, ~0)),
                       varFix = args[1] == "NregFixVarFix")
  m <- initFlexmix(y ~ 1, model = model, data = d, k = 3, concomitant = FLXPmultinom(~w),
                   nrep = nrep, verbose = 0)
  write.csv(data.frame(y = as.numeric(d$y), x1 = d$x1, x2 = as.numeric(d$x2 == "1"),
                       w = as.numeric(d$w == "1")), args[2], row.names = FALSE)
  names <- c("(Intercept)", "x1", "x21")
}
cat(sprintf("%.10f\n", as.numeric(logLik(m))))
p <- parameters(m)
for (j in seq_len(m@k)) {
  pj <- if (is.list(p)) p[[j]] else p[, j]
  v <- sapply(names, function(n) {
    r <- paste0("coef.", n)
    if (r %in% names(pj)) pj[[r]] else 0
  })
  if ("sigma" %in% names(pj)) v <- c(v, pj[["sigma"]])
  cat(sprintf("%.12g", v), "\n")
}
cc <- parameters(m, which = "concomitant")
for (j in seq_len(m@k)) cat(sprintf("%.12g", cc[, j]), "\n")
cat(tabulate(clusters(m), nbins = m@k), "\n")
# refit's estimates and standard errors (optim's Hessian), in flexmix's order, as name=value
r <- refit(m)
cat(sprintf("%s=%.10g", names(r@coef), r@coef), "\n")
cat(sprintf("%s=%.10g", names(r@coef), sqrt(diag(r@vcov))), "\n")
