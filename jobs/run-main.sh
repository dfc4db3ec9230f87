#!/usr/bin/env bash
# Runs org.mixturelib.jobs.Main with the given subcommand and arguments.
#
# With SPARK_HOME set: spark-submit --properties-file "$MIXTURELIB_CONF" (default
# conf/local.conf), with the project's jar and the dependencies Spark does not ship (--jars).
# Without SPARK_HOME: the same main class on an embedded local Spark, with the project's
# dependency classpath and the conf file's settings as -D system properties; all it needs is
# Java 17 and Maven. The jar is built when missing or older than the sources, and the
# dependency classpath is cached in target/classpath.txt.
#
# Environment: MIXTURELIB_CONF (conf file), MIXTURELIB_JAVA_OPTS (extra JVM options for the
# embedded run), MIXTURELIB_CLASSPATH (use this classpath instead of building; for tests).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAIN=org.mixturelib.jobs.Main
LOG_CONF="$ROOT/conf/log4j2.properties"
CONF="${MIXTURELIB_CONF:-$ROOT/conf/local.conf}"
if [ ! -f "$CONF" ]; then
  echo "error: Spark configuration file '$CONF' does not exist" >&2
  exit 2
fi

mvn_quiet() {
  # Offline first (fast, no network); online when the local repository lacks something.
  (cd "$ROOT" && { mvn -q -o "$@" >/dev/null 2>&1 || mvn -q "$@" >&2; })
}

find_jar() {
  ls "$ROOT"/target/mixturelib-spark-*.jar 2>/dev/null | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | head -n 1 || true
}

if [ -n "${MIXTURELIB_CLASSPATH:-}" ]; then
  APP_CP="$MIXTURELIB_CLASSPATH"
  JAR=""
else
  JAR="$(find_jar)"
  if [ -z "$JAR" ] || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
    echo "building the jar (mvn package -DskipTests) ..." >&2
    mvn_quiet package -DskipTests
    JAR="$(find_jar)"
  fi
  CP_FILE="$ROOT/target/classpath.txt"
  if [ ! -s "$CP_FILE" ] || [ "$ROOT/pom.xml" -nt "$CP_FILE" ]; then
    mvn_quiet dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE"
  fi
  APP_CP="$JAR:$(cat "$CP_FILE")"
fi

if [ -n "${SPARK_HOME:-}" ]; then
  if [ -z "$JAR" ]; then
    echo "error: spark-submit needs the project's jar; unset MIXTURELIB_CLASSPATH" >&2
    exit 2
  fi
  # Ship only what the Spark distribution does not already have (XChart and its dependencies).
  EXTRA=""
  IFS=':' read -r -a DEPS < "$CP_FILE"
  for dep in "${DEPS[@]}"; do
    if [ -n "$dep" ] && [ ! -e "$SPARK_HOME/jars/$(basename "$dep")" ]; then
      EXTRA="${EXTRA:+$EXTRA,}$dep"
    fi
  done
  exec "$SPARK_HOME/bin/spark-submit" --properties-file "$CONF" --class "$MAIN" \
    --driver-java-options "-Dlog4j2.configurationFile=$LOG_CONF -Djava.awt.headless=true" \
    ${EXTRA:+--jars "$EXTRA"} "$JAR" "$@"
fi

# Embedded Spark: Spark 3.5 on Java 17 needs the module opens that spark-submit passes; the
# list lives once, in pom.xml (spark.jvm.opens).
OPENS="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$ROOT/pom.xml")"
JAVA_OPTS=(-Djava.awt.headless=true "-Dlog4j2.configurationFile=$LOG_CONF")
while read -r key value; do
  case "$key" in
    ''|'#'*) ;;
    spark.driver.memory) JAVA_OPTS+=("-Xmx$value") ;;
    spark.driver.extraJavaOptions) read -r -a extra <<< "$value"; JAVA_OPTS+=("${extra[@]}") ;;
    spark.*) JAVA_OPTS+=("-D$key=$value") ;;
  esac
done < "$CONF"
# shellcheck disable=SC2086
exec java $OPENS "${JAVA_OPTS[@]}" ${MIXTURELIB_JAVA_OPTS:-} -cp "$APP_CP" "$MAIN" "$@"
