#!/usr/bin/env bash
# Fits a mixture of linear regressions or of linear experts to a CSV or Parquet table.
#   jobs/fit.sh --input data.{csv,parquet} --label y [--features a,b,...] --k 3
#               [--gate none|linear|mlp|sparse] [--num-init 10]
#               [--family gaussian|poisson|binomial|gamma|tobit|multinomial]
#               [--offset col] [--trials col]
#               [--select 1..6 --criterion bic|aic|icl] --output model_dir [--report dir]
# See docs/jobs.md, or jobs/fit.sh --help.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mixturelib_run org.mixturelib.jobs.Main local fit "$@"
