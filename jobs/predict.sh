#!/usr/bin/env bash
# Scores a table with a model written by jobs/fit.sh: mean, standard deviation, most likely
# component, gate probabilities, and responsibilities when the label column is present.
#   jobs/predict.sh model_dir --input data.{csv,parquet} --output predictions
# See docs/jobs.md, or jobs/predict.sh --help.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mixturelib_run org.mixturelib.jobs.Main local predict "$@"
