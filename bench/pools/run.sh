#!/usr/bin/env bash
# Pool benchmarks (issues 5 and 12). Not tests: they print figures and ratios against the named baselines.
#   P1  the simulator on four scenarios, seeds 1..5: kube-ops' p95 queue wait vs random shuffle and the greedy oracle, one
#       line per goal (met / not met with the figure); writes target/bench/pools.json and target/bench/pools-simulation.png
#   P2  JMH: one LeastLoadPolicy.rank decision over 1,000 (and 10,000) members
# Usage: bench/pools/run.sh [p1|p2|all] [--chart FILE]   (default: all; the P1 chart goes to target/bench/ unless --chart)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
what=${1:-all}
shift || true

# Compiles the engine, the CLI (which holds the simulator) and bench/pools/java (profile jmh) and writes the CLI's test
# classpath; runs no test.
mkdir -p target/bench
# The reactor's modules write the file in turn; the CLI's, written last, is the one kept.
mvn -B -q -Pjmh -pl cli -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/target/bench/classpath.txt" >&2
cp="cli/target/test-classes:cli/target/classes:engine/target/classes:local-cluster/target/classes:$(cat target/bench/classpath.txt)"

if [ "$what" = p1 ] || [ "$what" = all ]; then
  java -Djava.awt.headless=true -cp "$cp" io.jenkins.plugins.kubeops.cli.poolsim.bench.SimulationBenchmark "$@"
fi
if [ "$what" = p2 ] || [ "$what" = all ]; then
  echo
  echo "P2: one LeastLoadPolicy.rank decision (goal: < 1 ms = 1000 us over 1,000 members)"
  java -cp "$cp" org.openjdk.jmh.Main 'LeastLoadRankBenchmark' -rf text -rff target/bench/jmh.txt
  echo
  echo "P2 API calls per decision: 0 — rank() reads only the snapshots it is given (PolicyMakesNoApiCallsTest checks that no"
  echo "class it reaches refers to the Kubernetes client, the network or files); a placement then costs one pod create."
fi
