#!/usr/bin/env bash
# Shared by the job scripts: build the jar when needed and run a main class, with spark-submit
# when SPARK_HOME is set, otherwise on an embedded local Spark from the project's classpath, so
# that a fresh machine needs only Java 17 and Maven.
#
# mixturelib_run MAIN_CLASS CONF_NAME [ARGS...]
#   CONF_NAME names conf/CONF_NAME.conf (spark-defaults format); MIXTURELIB_CONF, a path,
#   overrides it. With SPARK_HOME: spark-submit --properties-file CONF, the project's jar, and
#   --jars for the dependencies the Spark distribution lacks (XChart). Without: java with the
#   dependency classpath (cached in target/classpath.txt), the --add-opens flags Spark needs on
#   Java 17 (pom.xml's spark.jvm.opens, the one copy of that list), and every spark.* line of
#   the conf file as a -D system property (spark.driver.memory becomes -Xmx).
#   The conf files start the JVMs with --add-modules=jdk.incubator.vector (the pass's vector
#   loops; spark-submit's --driver-java-options below, which replaces the file's driver
#   options, repeats it), and the one line a JVM prints for it, "WARNING: Using incubator
#   modules: jdk.incubator.vector", is kept off stderr. The JVM learns whether stderr is a
#   terminal from -Dmixturelib.jobs.terminal (its own stderr is the filter's pipe).
#
# Environment: SPARK_HOME, MIXTURELIB_CONF, MIXTURELIB_JAVA_OPTS (extra JVM options for the
# embedded run), MIXTURELIB_CLASSPATH (run from this classpath instead of building: tests),
# MIXTURELIB_PROFILE (spark4: build and run the Spark 4 / Scala 2.13 line, docs/runtimes.md).
set -euo pipefail

MIXTURELIB_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${MIXTURELIB_PROFILE:-}" in
  '') MIXTURELIB_SCALA=2.12 ;;
  spark4) MIXTURELIB_SCALA=2.13 ;;
  *) echo "error: MIXTURELIB_PROFILE must be unset or spark4, got '$MIXTURELIB_PROFILE'" >&2
     exit 2 ;;
esac
MIXTURELIB_JAR="$MIXTURELIB_HOME/target/mixturelib-spark_$MIXTURELIB_SCALA-0.1.0-SNAPSHOT.jar"
MIXTURELIB_CP_FILE="$MIXTURELIB_HOME/target/classpath_$MIXTURELIB_SCALA.txt"
MIXTURELIB_LOG_CONF="$MIXTURELIB_HOME/conf/log4j2.properties"
MIXTURELIB_VECTOR_MODULE="--add-modules=jdk.incubator.vector"
MIXTURELIB_INCUBATOR_NOTICE="WARNING: Using incubator modules: jdk.incubator.vector"

# Copies stdin to stdout as it comes, less a first line that is the JVM's notice of the
# incubating module (a JVM prints it before anything else). Not line by line: the progress bar
# is a line redrawn after a carriage return, without a newline, and must show at once.
mixturelib_drop_notice() {
  local seen="" c
  while IFS= read -r -N 1 c; do
    if [[ "$c" == $'\n' ]]; then
      [[ "$seen" == "$MIXTURELIB_INCUBATOR_NOTICE" ]] || printf '%s\n' "$seen"
      seen=""
      break
    fi
    seen+="$c"
    if [[ "$MIXTURELIB_INCUBATOR_NOTICE" != "$seen"* ]]; then
      break
    fi
  done
  printf '%s' "$seen"
  cat
}

# Runs a command with the JVM's notice of the incubating module filtered out of its stderr
# (everything else passes, as it comes); returns the command's exit code.
mixturelib_without_notice() {
  local status
  exec 3>&1
  set +e
  "$@" 2>&1 1>&3 3>&- | mixturelib_drop_notice >&2
  status=${PIPESTATUS[0]}
  set -e
  exec 3>&-
  return "$status"
}

# Runs Maven offline first (fast, no network), online when the local repository lacks a piece.
mixturelib_mvn() {
  local -a profile=()
  [[ -n "${MIXTURELIB_PROFILE:-}" ]] && profile=("-P$MIXTURELIB_PROFILE")
  (cd "$MIXTURELIB_HOME" && { mvn -q -B -o "${profile[@]}" "$@" >/dev/null 2>&1 \
    || mvn -q -B "${profile[@]}" "$@"; }) >&2
}

# Builds the jar and the dependency classpath when missing or older than the sources (from
# clean when the line's jar is missing: target/ may hold the other line's classes).
mixturelib_build() {
  if [[ ! -f "$MIXTURELIB_JAR" ]]; then
    echo "building mixturelib for Scala $MIXTURELIB_SCALA (mvn clean package, tests skipped) ..." >&2
    mixturelib_mvn clean package -DskipTests
  elif [[ -n "$(find "$MIXTURELIB_HOME/src/main" "$MIXTURELIB_HOME/pom.xml" \
      -newer "$MIXTURELIB_JAR" -print -quit)" ]]; then
    echo "building mixturelib (mvn package, tests skipped) ..." >&2
    mixturelib_mvn package -DskipTests
  fi
  if [[ ! -s "$MIXTURELIB_CP_FILE" || "$MIXTURELIB_HOME/pom.xml" -nt "$MIXTURELIB_CP_FILE" ]]; then
    mixturelib_mvn dependency:build-classpath -Dmdep.outputFile="$MIXTURELIB_CP_FILE" \
      -Dmdep.includeScope=runtime
  fi
}

mixturelib_run() {
  local main="$1" conf="${MIXTURELIB_CONF:-$MIXTURELIB_HOME/conf/$2.conf}"
  shift 2
  if [[ ! -f "$conf" ]]; then
    echo "error: Spark configuration file '$conf' does not exist" >&2
    exit 2
  fi
  local cp
  if [[ -n "${MIXTURELIB_CLASSPATH:-}" ]]; then
    cp="$MIXTURELIB_CLASSPATH"
  else
    mixturelib_build
    cp="$MIXTURELIB_JAR:$(cat "$MIXTURELIB_CP_FILE")"
  fi

  # the JVM's stderr is the filter's pipe: tell it whether the user's is a terminal (the bar)
  local terminal=false
  [[ -t 2 ]] && terminal=true

  if [[ -n "${SPARK_HOME:-}" ]]; then
    if [[ -n "${MIXTURELIB_CLASSPATH:-}" ]]; then
      echo "error: spark-submit needs the project's jar; unset MIXTURELIB_CLASSPATH" >&2
      exit 2
    fi
    # Ship only what the Spark distribution does not already have.
    local extra="" dep deps
    IFS=':' read -r -a deps < "$MIXTURELIB_CP_FILE"
    for dep in "${deps[@]}"; do
      if [[ -n "$dep" && ! -e "$SPARK_HOME/jars/$(basename "$dep")" ]]; then
        extra="${extra:+$extra,}$dep"
      fi
    done
    mixturelib_without_notice "$SPARK_HOME/bin/spark-submit" --class "$main" \
      --properties-file "$conf" --driver-java-options \
      "-Dlog4j2.configurationFile=$MIXTURELIB_LOG_CONF -Djava.awt.headless=true $MIXTURELIB_VECTOR_MODULE -Dmixturelib.jobs.terminal=$terminal" \
      ${extra:+--jars "$extra"} "$MIXTURELIB_JAR" "$@" || exit $?
    exit 0
  fi

  local opens key value extra_opts
  opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$MIXTURELIB_HOME/pom.xml")"
  local -a java_opts=(-Djava.awt.headless=true "-Dlog4j2.configurationFile=$MIXTURELIB_LOG_CONF"
    "-Dmixturelib.jobs.terminal=$terminal")
  while read -r key value; do
    case "$key" in
      ''|'#'*) ;;
      spark.driver.memory) java_opts+=("-Xmx$value") ;;
      spark.driver.extraJavaOptions) read -r -a extra_opts <<< "$value"; java_opts+=("${extra_opts[@]}") ;;
      spark.*) java_opts+=("-D$key=$value") ;;
    esac
  done < "$conf"
  # shellcheck disable=SC2086
  mixturelib_without_notice java $opens "${java_opts[@]}" ${MIXTURELIB_JAVA_OPTS:-} -cp "$cp" \
    "$main" "$@" || exit $?
}
