# Sourced by the benchmark scripts. bench_classpath <module> [online]: compiles the module's main and
# test classes and prints their classpath (test classes, classes, test-scope dependencies). Offline
# (-o) by default; pass "online" to let Maven fetch what is missing (the serde bench builds upstream too).
# "reactor" (offline) builds the module with the modules it depends on in one Maven run, so their
# target/classes and target/test-classes are on the classpath, never older installed jars of them.
bench_classpath() {
  local module=$1 root cp_file offline=-o
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  cp_file="$root/$module/target/bench.classpath"
  if [ "${2:-}" = reactor ]; then
    "$root/mvnw" -B -q -o -pl "$module" -am test-compile dependency:build-classpath -DskipTests \
      -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2
    echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$cp_file")"
    return
  fi
  if [ "${2:-}" = online ]; then
    offline=
    "$root/mvnw" -B -q -pl "$module" -am test-compile -DskipTests >&2
  else
    "$root/mvnw" -B -q -o -pl "$module" test-compile -DskipTests >&2
  fi
  "$root/mvnw" -B -q $offline -pl "$module" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
  echo "$root/$module/target/test-classes:$root/$module/target/classes:$(cat "$cp_file")"
}
