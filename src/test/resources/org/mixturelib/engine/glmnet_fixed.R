# Single-model glmnet fits at fixed lambdas on planted data, for ElasticNetGlmnetTest.
# Writes the data to args[1]; prints the coefficients (intercept first) of four fits.
args <- commandArgs(TRUE)
suppressMessages(library(glmnet))
set.seed(7)
n <- 300; p <- 8
X <- matrix(rnorm(n * p), n, p)
X[, 2] <- 3 * X[, 2] + 1
w <- runif(n, 0.5, 2)
b <- c(1.5, 0, -0.8, 0, 0, 0.4, 0, 0)
y <- drop(0.5 + X %*% b + rnorm(n))
eta <- drop(-0.3 + X %*% (0.8 * b))
yb <- rbinom(n, 1, 1 / (1 + exp(-eta)))
write.csv(data.frame(y = y, yb = yb, w = w, X), args[1], row.names = FALSE)
# the Gaussian lasso on y as it is
g1 <- glmnet(X, y, weights = w, alpha = 1, lambda = 0.1, thresh = 1e-14)
# glmnet scales a Gaussian y to unit (weighted, 1/n) sd before its ridge part: with alpha < 1
# its objective is the documented one for a y of unit sd, so give it one
ys <- y / sqrt(sum(w * (y - sum(w * y) / sum(w))^2) / sum(w))
g2 <- glmnet(X, ys, weights = w, alpha = 0.5, lambda = 0.05, thresh = 1e-14)
b1 <- glmnet(X, yb, family = "binomial", weights = w, alpha = 1, lambda = 0.02,
  thresh = 1e-14)
b2 <- glmnet(X, yb, family = "binomial", weights = w, alpha = 0.3, lambda = 0.05,
  thresh = 1e-14)
cat(format(c(as.vector(coef(g1)), as.vector(coef(g2)), as.vector(coef(b1)),
  as.vector(coef(b2))), digits = 15), "\n")
