#!/usr/bin/env bash
# Canary judge benchmark (issue 10). Not a test: it prints figures next to the goals.
#   J1  labelled synthetic runs (healthy; errors +1%, +5%, +20%; p99 +50 ms; errors +5% from halfway), judged by kube-ops'
#       analysis, a Flagger-style and an Argo-style policy; writes target/bench/canary.json and target/bench/canary.png
#   J2  three of those runs end to end: test exporter -> real Prometheus (Debian's, installed with apt when missing) ->
#       PrometheusCanaryAnalysis, on a compressed clock (about 2.5 minutes)
# Usage: bench/canary/run.sh [j1|j2|all] [--runs N] [--seed S]   (default: all; J1 100 runs per set, 200 healthy)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
what=${1:-all}
shift || true

mkdir -p target/bench
# Compiles the engine with its test fixtures (for J2) and writes its test classpath; runs no test.
mvn -B -q -pl engine -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/target/bench/canary-classpath.txt" >&2
cp="engine/target/classes:engine/target/test-classes:$(cat target/bench/canary-classpath.txt)"
rm -rf target/bench/canary-classes
javac -d target/bench/canary-classes -cp "$cp" $(find bench/canary/java -name '*.java')
cp="target/bench/canary-classes:$cp"

if [ "$what" = j1 ] || [ "$what" = all ]; then
  java -Djava.awt.headless=true -cp "$cp" io.jenkins.plugins.kubeops.engine.canary.bench.CanaryJudgeBenchmark "$@"
fi
if [ "$what" = j2 ] || [ "$what" = all ]; then
  echo
  java -cp "$cp" io.jenkins.plugins.kubeops.engine.canary.bench.EndToEndSubset
fi
