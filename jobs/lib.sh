#!/usr/bin/env bash
# Shared by the job scripts: build the jar when needed and run a main class, with spark-submit
# when SPARK_HOME is set, otherwise on an embedded local Spark from the project's classpath.
set -euo pipefail

MIXTURELIB_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIXTURELIB_JAR="$MIXTURELIB_HOME/target/mixturelib-spark-0.1.0-SNAPSHOT.jar"
MIXTURELIB_CP_FILE="$MIXTURELIB_HOME/target/classpath.txt"

# Spark 3.5 on Java 17 needs these opens (spark-submit passes the same list).
MIXTURELIB_JAVA_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
)

# Builds the jar and the dependency classpath when missing or older than the sources.
mixturelib_build() {
  local stale=0
  if [[ ! -f "$MIXTURELIB_JAR" || ! -f "$MIXTURELIB_CP_FILE" ]]; then
    stale=1
  elif [[ -n "$(find "$MIXTURELIB_HOME/src/main" "$MIXTURELIB_HOME/pom.xml" -newer "$MIXTURELIB_JAR" -print -quit)" ]]; then
    stale=1
  fi
  if ((stale)); then
    echo "building mixturelib (mvn package, tests skipped) ..." >&2
    (cd "$MIXTURELIB_HOME" && mvn -q -B package -DskipTests \
      && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$MIXTURELIB_CP_FILE" \
        -Dmdep.includeScope=runtime) >&2
  fi
}

# mixturelib_run MAIN_CLASS CONF_NAME [ARGS...]
mixturelib_run() {
  local main="$1" conf="$2"
  shift 2
  mixturelib_build
  if [[ -n "${SPARK_HOME:-}" ]]; then
    exec "$SPARK_HOME/bin/spark-submit" --class "$main" \
      --properties-file "$MIXTURELIB_HOME/conf/$conf.conf" "$MIXTURELIB_JAR" "$@"
  fi
  exec java "${MIXTURELIB_JAVA_OPENS[@]}" ${MIXTURELIB_JAVA_OPTS:--Xmx4g} \
    -Dlog4j2.configurationFile="$MIXTURELIB_HOME/conf/log4j2.properties" \
    -cp "$MIXTURELIB_JAR:$(cat "$MIXTURELIB_CP_FILE")" "$main" "$@"
}
