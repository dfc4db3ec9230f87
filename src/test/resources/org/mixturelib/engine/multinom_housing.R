# Writes MASS's housing data as a design matrix (housing.csv: the columns of
# model.matrix(Sat ~ Infl + Type + Cont), the level index of Sat from 0, the Freq weight) and
# nnet::multinom's fit of it (fit.csv: the coefficients by level and feature, then the standard
# errors, then the log-likelihood) into the directory given as the first argument.
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
suppressPackageStartupMessages({library(MASS); library(nnet)})
fit <- multinom(Sat ~ Infl + Type + Cont, weights = Freq, data = housing, trace = FALSE,
                Hess = TRUE, reltol = 1e-14, abstol = 1e-14, maxit = 1000)
x <- model.matrix(~ Infl + Type + Cont, data = housing)
out <- data.frame(x, y = as.integer(housing$Sat) - 1, w = housing$Freq, check.names = FALSE)
write.csv(out, file.path(dir, "housing.csv"), row.names = FALSE)
se <- summary(fit)$standard.errors
writeLines(c(paste(format(t(coef(fit)), digits = 17), collapse = ","),
             paste(format(t(se), digits = 17), collapse = ","),
             format(as.numeric(logLik(fit)), digits = 17)),
           file.path(dir, "fit.csv"))
