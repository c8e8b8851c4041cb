#!/usr/bin/env bash
# Upgrade benchmark (issue 9). Not a test: it prints figures and the ratio against the baseline a person runs.
#   100 kwok nodes, 50 Deployments x 21 replicas (1,050 pods) under PDBs (odd apps maxUnavailable: 1, even apps
#   minAvailable: 90%); every kubelet "upgraded" (node status patched to the new version, then Ready awaited):
#   - kube-ops:   the engine's upgrade (UpgradeService): a canary node, then up to 10 nodes in flight (a sliding window),
#                 the nodes still to come tainted PreferNoSchedule, PDB-respecting drains, health gates
#   - sequential: kubectl drain, kubectl patch, kubectl wait, kubectl uncordon, node after node (the built kubectl)
#   A watcher records the lowest Ready count under each PDB throughout every run.
# Usage: bench/upgrade/run.sh        (env: BENCH_NODES, BENCH_APPS, BENCH_REPLICAS, BENCH_MAX_BATCH to scale it;
#        BENCH_VARIANTS=kube-ops,window,window-taint,sequential adds the prototype windows the engine's was measured with)
# Writes target/bench/upgrade.json and target/bench/upgrade.png; starts and at the end stops its own cluster.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
cluster=kube-ops-bench-upgrade
out="$root/target/bench"
mkdir -p "$out"

echo "compiling the engine ..." >&2
mvn -B -q -pl engine -am compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$out/upgrade-classpath.txt" >&2
cp="engine/target/classes:$(cat "$out/upgrade-classpath.txt")"
rm -rf "$out/upgrade-classes"
javac -d "$out/upgrade-classes" -cp "$cp" bench/upgrade/*.java

kubeconfig=$(scripts/local-cluster.sh start "$cluster" 0 | tail -n 1)
trap 'scripts/local-cluster.sh stop "$cluster" >&2 || true' EXIT
kubectl="$(scripts/local-cluster.sh bin)/kubectl"

# The engine runs with the JVM options ./kube-ops gives its upgrade command (C1 only, ChaCha20 first for TLS): the
# optimizing compiler would spend more CPU compiling than an upgrade saves, CPU the control plane on the same cores needs.
. scripts/cli-java-options.sh
mapfile -t options < <(cli_java_options upgrade)
java "${options[@]}" -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.nodes="${BENCH_NODES:-100}" -Dbench.apps="${BENCH_APPS:-50}" -Dbench.replicas="${BENCH_REPLICAS:-21}" \
  -Dbench.maxBatch="${BENCH_MAX_BATCH:-10}" -Dbench.variants="${BENCH_VARIANTS:-kube-ops,sequential}" \
  -cp "$out/upgrade-classes:$cp" UpgradeBench "$kubeconfig" "$kubectl" "$out"
