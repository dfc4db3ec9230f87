#!/usr/bin/env bash
# The two-planes demo of the 0.4 documentation on an embedded local Spark (or spark-submit when
# SPARK_HOME is set). Usage: jobs/demo.sh [output-folder]   (figures; default demo-output)
source "$(dirname "$0")/lib.sh"
mixturelib_run org.mixturelib.jobs.DemoJob local "${1:-demo-output}"
