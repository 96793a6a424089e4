#!/bin/sh
# ./vae spark: the vae spark command line. Builds vae-spark-cli through the Maven wrapper when the
# build is missing or older than the sources, then runs it on a class path of its jar, its runtime
# dependencies and Spark (provided to it, as a cluster provides it to spark-submit), all from the
# local Maven repository, with Spark's JVM options for Java 17.
# JAVA_OPTS passes options to the JVM (for example JAVA_OPTS=-Xmx8g).
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/vae-spark-cli/target"

jar() { ls "$target"/vae-spark-cli-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1; }

stale() {
  j=$(jar)
  [ -z "$j" ] || [ ! -f "$target/runtime.classpath" ] || [ ! -f "$target/provided.classpath" ] && return 0
  changed=$(find "$root" -path "$root/.git" -prune -o -path '*/target' -prune -o \
    \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$j" -print 2>/dev/null | head -n 1)
  [ -n "$changed" ]
}

if stale; then
  echo "vae spark: building the command line (first run, or the sources changed)..." >&2
  (cd "$root" && ./mvnw -B -q -DskipTests -pl vae-spark-cli -am package) >&2
fi

. "$root/config/openblas-coretype.sh"

cp="$(jar):$(cat "$target/runtime.classpath"):$(cat "$target/provided.classpath")"
# shellcheck disable=SC2046 # one JVM option per word
exec java $(cat "$target/jvm.options") -Dlog4j2.configurationFile="$target/log4j2.properties" \
  $JAVA_OPTS -cp "$cp" org.vae4j.spark.cli.Main "$@"
