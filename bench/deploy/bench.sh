#!/usr/bin/env bash
# Deploy benchmark: a release of 200 objects (40 x Deployment, Service, ConfigMap, Secret, Ingress) installed and rolled out,
# kube-ops deploy vs kubectl apply -f + kubectl rollout status for each Deployment, side by side on the same local cluster.
#   bench/deploy/bench.sh [RUNS] [APPS]        (defaults: 5 runs, 40 apps)
# Prints each run's times and the median ratio kube-ops / kubectl (goal: <= 1.0). Both include process start-up.
set -euo pipefail
runs="${1:-5}"; apps="${2:-40}"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster=kube-ops-bench
kubeconfig=$("$root/scripts/local-cluster.sh" start "$cluster" 0 | tail -n 1)
bin=$("$root/scripts/local-cluster.sh" bin)
kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
work=${BENCH_WORK:-$(mktemp -d)}; [ -n "${BENCH_WORK:-}" ] || trap 'rm -rf "$work"' EXIT; mkdir -p "$work"

echo "building the CLI ..." >&2
mvn -B -q -f "$root/pom.xml" -DskipTests -pl cli -am package >&2
jar=$(ls "$root"/cli/target/kube-ops-cli-*-cli.jar | head -n 1)

# Nodes for the pods (kwok runs them): 10 x 32 CPU.
for i in $(seq 1 10); do
  kubectl apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata: {name: bench-$i, labels: {type: kwok}, annotations: {kwok.x-k8s.io/node: fake}}
status:
  allocatable: {cpu: "32", memory: 128Gi, pods: "110"}
  capacity: {cpu: "32", memory: 128Gi, pods: "110"}
NODE
done

manifests="$work/release"; mkdir -p "$manifests"
for i in $(seq 1 "$apps"); do
  cat > "$manifests/app-$i.yaml" <<APP
apiVersion: apps/v1
kind: Deployment
metadata: {name: app-$i}
spec:
  replicas: 2
  selector: {matchLabels: {app: app-$i}}
  template:
    metadata: {labels: {app: app-$i}}
    spec:
      containers:
      - name: app
        image: registry.invalid/app:1
        resources: {requests: {cpu: 10m, memory: 16Mi}}
        envFrom: [{configMapRef: {name: app-$i}}, {secretRef: {name: app-$i}}]
---
apiVersion: v1
kind: Service
metadata: {name: app-$i}
spec: {selector: {app: app-$i}, ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: app-$i}
data: {LOG_LEVEL: info, FEATURE_X: "on"}
---
apiVersion: v1
kind: Secret
metadata: {name: app-$i}
stringData: {API_KEY: not-a-real-key-$i}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: app-$i}
spec:
  rules:
  - host: app-$i.example.invalid
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: app-$i, port: {number: 80}}}}]}
APP
done

now() { date +%s.%N; }
kubectl_run() {
  local ns=$1 start end
  kubectl create namespace "$ns" >/dev/null
  start=$(now)
  kubectl apply -n "$ns" -f "$manifests" >/dev/null
  for i in $(seq 1 "$apps"); do kubectl rollout status -n "$ns" "deployment/app-$i" --timeout=300s >/dev/null; done
  end=$(now); echo "$end - $start" | bc
}
kubeops_run() {
  local ns=$1 start end
  kubectl create namespace "$ns" >/dev/null
  start=$(now)
  "$root/kube-ops" deploy bench -n "$ns" -f "$manifests" --kubeconfig "$kubeconfig" --timeout 300s >/dev/null 2>&1
  end=$(now); echo "$end - $start" | bc
}

k_times=(); o_times=()
for run in $(seq 1 "$runs"); do
  # Alternate which tool goes first, so neither always meets a warmer cluster.
  if (( run % 2 )); then k=$(kubectl_run "bench-kubectl-$run"); o=$(kubeops_run "bench-kubeops-$run")
  else o=$(kubeops_run "bench-kubeops-$run"); k=$(kubectl_run "bench-kubectl-$run"); fi
  printf 'run %d: kubectl %.2f s, kube-ops %.2f s, ratio %.2f\n' "$run" "$k" "$o" "$(echo "$o / $k" | bc -l)"
  k_times+=("$k"); o_times+=("$o")
  kubectl delete namespace "bench-kubectl-$run" "bench-kubeops-$run" --wait=false >/dev/null
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mk=$(median "${k_times[@]}"); mo=$(median "${o_times[@]}")
printf 'median (%d objects, %d runs): kubectl apply + rollout status %.2f s, kube-ops deploy %.2f s, ratio %.2f (goal <= 1.0)\n' \
  "$((apps * 5))" "$runs" "$mk" "$mo" "$(echo "$mo / $mk" | bc -l)"
[ "${KEEP_CLUSTER:-}" = true ] || "$root/scripts/local-cluster.sh" stop "$cluster" >/dev/null 2>&1 || true
