# Writes flexmix's Mehta data (44 rows, 22 sites; Response successes of Total trials, Drug a
# factor) to a CSV and fits the grouped binomial mixture cbind(Response, Total - Response) ~
# Drug | Site, k = 3 (FLXMRglm(family = "binomial")), best of 5 seeds, with minprior 0.05 (the
# default) and with minprior 0; prints per line: minprior, log-likelihood, components kept.
# Usage: Rscript flexmix_mehta.R out.csv
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(flexmix))
data(Mehta)
write.csv(Mehta, args[1], row.names = FALSE)
for (mp in c(0.05, 0)) {
  best <- NULL
  for (s in 1:5) {
    set.seed(s)
    m <- suppressWarnings(flexmix(cbind(Response, Total - Response) ~ Drug | Site,
      data = Mehta, k = 3, model = FLXMRglm(family = "binomial"),
      control = list(minprior = mp)))
    if (is.null(best) || logLik(m) > logLik(best)) best <- m
  }
  cat(sprintf("%g %.10f %d\n", mp, as.numeric(logLik(best)), best@k))
}
