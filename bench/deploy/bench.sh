#!/usr/bin/env bash
# Deploy benchmark: a release of 200 objects (40 x Deployment, Service, ConfigMap, Secret, Ingress) installed into a fresh
# namespace and rolled out, on one local cluster, by kube-ops deploy (as a fresh CLI process, and by the engine in one warm
# JVM as the kubeDeploy step runs it in a Jenkins controller: WarmDeploy.java) and by three baselines, side by side in
# every run:
#   ssa   kubectl apply --server-side -f DIR, then one kubectl wait --for=condition=Available deployment --all
#   helm  helm upgrade --install --wait of the same objects as a chart (Helm 3 built from its Go module, cached)
#   old   kubectl apply -f DIR, then kubectl rollout status for each Deployment (the earlier baseline)
# and the floor every tool pays, measured the same way in every run:
#   floor the Deployments alone, created by one kubectl create -f, and their rollout as a watch started beforehand sees
#         it; printed as create + rollout, and the rollout alone (from the create's return to the last Deployment with all
#         its replicas available)
#
#   bench/deploy/bench.sh [RUNS] [APPS]        (defaults: 12 runs, 40 apps)
#
# The order of the six rotates every run, so each leads equally often (RUNS a multiple of 6) and none always meets a
# warmer cluster; the namespaces of a run are deleted, and their deletion waited for, before the next run starts. Every
# time includes process start-up (kube-ops: the JVM's, with the launcher's class-data archive).
# Goals: kube-ops <= 0.5x ssa and <= 0.5x helm (medians), printed for the CLI and for the warm engine. Prints each run, the medians and ratios, one line per goal;
# writes target/bench/deploy.json. Runs on its own cluster (KUBE_OPS_BENCH_CLUSTER, default kube-ops-bench-deploy), which
# it stops at the end unless KEEP_CLUSTER=true.
set -euo pipefail
runs="${1:-12}"; apps="${2:-40}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "RUNS '$runs' must be a positive number" >&2; exit 2; }
[[ "$apps" =~ ^[1-9][0-9]*$ ]] || { echo "APPS '$apps' must be a positive number" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster="${KUBE_OPS_BENCH_CLUSTER:-kube-ops-bench-deploy}"
kubeconfig=$("$root/scripts/local-cluster.sh" start "$cluster" 0 | tail -n 1)
warm_pid=""
cleanup() {
  [ -z "$warm_pid" ] || kill "$warm_pid" 2>/dev/null || true
  [ "${KEEP_CLUSTER:-}" = true ] || "$root/scripts/local-cluster.sh" stop "$cluster" >/dev/null 2>&1 || true
}
trap cleanup EXIT
bin=$("$root/scripts/local-cluster.sh" bin)
helm_bin=$("$root/scripts/local-cluster.sh" helm)
kubectl() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }
work=${BENCH_WORK:-$(mktemp -d)}; mkdir -p "$work"
# Helm keeps its caches and settings under the work directory, not in the user's home.
export HELM_CACHE_HOME="$work/helm/cache" HELM_CONFIG_HOME="$work/helm/config" HELM_DATA_HOME="$work/helm/data"
helm() { "$helm_bin" --kubeconfig "$kubeconfig" "$@"; }

echo "building the CLI ..." >&2
mvn -B -q -f "$root/pom.xml" -DskipTests -pl cli -am package >&2

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

manifests="$work/release"; chart="$work/chart"
rm -rf "$manifests" "$chart"; mkdir -p "$manifests" "$chart/templates"
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
# The floor's objects: the Deployments alone (kwok starts their pods without the ConfigMaps and Secrets they name).
awk '/^---$/ {keep = 0} /^apiVersion: apps\/v1$/ {keep = 1} keep' "$manifests"/*.yaml | sed 's/^apiVersion: apps/---\napiVersion: apps/' \
  > "$work/deployments.yaml"
# The same objects as a chart: plain YAML is a valid template that renders to itself.
cp "$manifests"/*.yaml "$chart/templates/"
printf 'apiVersion: v2\nname: bench\nversion: 0.1.0\n' > "$chart/Chart.yaml"

# The warm engine: one JVM (the JIT's defaults, as in a Jenkins controller) deploys three times into namespaces of its own
# before the runs, then deploys into each namespace named on its input and says when it is done.
cli_jar=$(ls "$root"/cli/target/kube-ops-cli-*-cli.jar | head -n 1)
mkdir -p "$work/warm-classes"
javac -d "$work/warm-classes" -cp "$cli_jar" "$root/bench/deploy/WarmDeploy.java"
rm -f "$work/warm.in" "$work/warm.out"; mkfifo "$work/warm.in" "$work/warm.out"
java -cp "$cli_jar:$work/warm-classes" WarmDeploy "$kubeconfig" "$manifests" 3 <"$work/warm.in" >"$work/warm.out" \
  2>"$work/warm.err" &
warm_pid=$!
exec 7>"$work/warm.in" 8<"$work/warm.out"
read -r -t 600 ready <&8 && [ "$ready" = ready ] || { echo "the warm engine did not start: $(tail -n 5 "$work/warm.err")" >&2; exit 1; }

now() { date +%s.%N; }
# Each tool deploys into its own fresh namespace and prints its wall time in seconds; its output goes to a log per run.
run_kubeops() {
  "$root/kube-ops" deploy bench -n "$1" -f "$manifests" --kubeconfig "$kubeconfig" --timeout 300s
}
run_warm() {
  local outcome seconds
  echo "$1" >&7
  read -r -t 600 outcome seconds <&8 && [ "$outcome" = deployed ] || { echo "warm engine: ${outcome:-no answer} in $1"; return 1; }
}
run_ssa() {
  kubectl apply --server-side -n "$1" -f "$manifests"
  kubectl wait -n "$1" --for=condition=Available deployment --all --timeout=300s
}
run_helm() {
  helm upgrade --install bench "$chart" -n "$1" --wait --timeout 300s
}
run_old() {
  kubectl apply -n "$1" -f "$manifests"
  local i
  for i in $(seq 1 "$apps"); do kubectl rollout status -n "$1" "deployment/app-$i" --timeout=300s; done
}
# The floor's watch starts before the clock (as if a tool had it open already); it timestamps each Deployment's available
# replicas, and run_floor returns when all of them have all their replicas.
prepare_floor() {
  # A Deployment of 0 replicas, not one of the release: its line in the watch says the watch is established.
  kubectl create deployment floor-ready -n "$1" --image=registry.invalid/none --replicas=0 >/dev/null
  ( kubectl get deployments -n "$1" --watch --no-headers \
      -o custom-columns=NAME:.metadata.name,WANT:.spec.replicas,AVAILABLE:.status.availableReplicas \
      | while read -r name want available; do echo "$(now) $name $want $available"; done > "$work/$1.watch" ) \
    </dev/null >/dev/null 2>&1 &
  local i; for i in $(seq 1 100); do grep -q ' floor-ready ' "$work/$1.watch" 2>/dev/null && return 0; sleep 0.1; done
  echo "floor: the watch of namespace $1 did not start within 10 s" >&2; return 1
}
run_floor() {
  kubectl create -n "$1" -f "$work/deployments.yaml" >/dev/null
  now > "$work/$1.created"
  local i done_count
  for i in $(seq 1 3000); do # at most 300 s
    done_count=$(awk '$3 == $4 {print $2}' "$work/$1.watch" | sort -u | wc -l)
    [ "$done_count" -ge "$apps" ] && break
    sleep 0.1
  done
  pkill -f "get deployments -n $1 --watch" 2>/dev/null || true
  [ "$done_count" -ge "$apps" ] || { echo "floor: only $done_count of $apps Deployments available after 300 s"; return 1; }
  # The rollout alone: from the create's return to the last Deployment's last available replica, as the watch saw it.
  awk -v created="$(cat "$work/$1.created")" '$3 == $4 && !seen[$2]++ {last = $1} END {printf "%.3f\n", last - created}' \
    "$work/$1.watch" > "$work/$1.rollout"
}
timed() {
  local tool=$1 ns=$2 start end
  kubectl create namespace "$ns" >/dev/null
  if declare -F "prepare_$tool" >/dev/null; then "prepare_$tool" "$ns"; fi
  start=$(now)
  if ! "run_$tool" "$ns" >"$work/$ns.log" 2>&1; then
    echo "$tool failed in run $run (namespace $ns): last lines of $work/$ns.log:" >&2
    tail -n 20 "$work/$ns.log" >&2
    exit 1
  fi
  end=$(now); echo "$end - $start" | bc
}

tools=(kubeops warm ssa helm old floor)
declare -A times label
label[kubeops]="kube-ops deploy"
label[warm]="kube-ops engine in a warm JVM"
label[ssa]="kubectl apply --server-side + kubectl wait"
label[helm]="helm upgrade --install --wait"
label[old]="kubectl apply + rollout status (old)"
label[floor]="floor: kubectl create Deployments + rollout"
for tool in "${tools[@]}"; do times[$tool]=""; done
rollouts=""
# Run 0 is a warm-up, not counted: the cluster's first objects, and kube-ops's first run after a build, which records the
# class-data archive that later runs map.
for run in $(seq 0 "$runs"); do
  order=(); for k in "${!tools[@]}"; do order+=("${tools[$(( (k + run + ${#tools[@]} - 1) % ${#tools[@]} ))]}"); done
  declare -A t=()
  for tool in "${order[@]}"; do
    t[$tool]=$(timed "$tool" "bench-$tool-$run")
    [ "$run" = 0 ] || times[$tool]+="${t[$tool]} "
  done
  rollout=$(cat "$work/bench-floor-$run.rollout")
  [ "$run" = 0 ] || rollouts+="$rollout "
  [ "$run" = 0 ] && printf 'warm-up (not counted): '
  printf 'run %d (order %s): kube-ops %.2f s, warm engine %.2f s, ssa %.2f s, helm %.2f s, old %.2f s, floor %.2f s (rollout %.2f s); kube-ops/ssa %.2f, /helm %.2f, /old %.2f\n' \
    "$run" "${order[*]}" "${t[kubeops]}" "${t[warm]}" "${t[ssa]}" "${t[helm]}" "${t[old]}" "${t[floor]}" "$rollout" \
    "$(echo "${t[kubeops]} / ${t[ssa]}" | bc -l)" "$(echo "${t[kubeops]} / ${t[helm]}" | bc -l)" \
    "$(echo "${t[kubeops]} / ${t[old]}" | bc -l)"
  # Not timed: the next run starts on a cluster that is not busy deleting this run's objects.
  namespaces=(); for tool in "${tools[@]}"; do namespaces+=("bench-$tool-$run"); done
  kubectl delete namespace "${namespaces[@]}" --wait=false >/dev/null
  for ns in "${namespaces[@]}"; do kubectl wait --for=delete "namespace/$ns" --timeout=300s >/dev/null 2>&1 || true; done
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A med
for tool in "${tools[@]}"; do
  # shellcheck disable=SC2086 # the times are a space-separated list on purpose
  med[$tool]=$(median ${times[$tool]})
done
# shellcheck disable=SC2086
med_rollout=$(median $rollouts)
ratio() { echo "${med[${2:-kubeops}]} / ${med[$1]}" | bc -l; }
printf 'medians (%d objects, %d runs):\n' "$((apps * 5))" "$runs"
for tool in "${tools[@]}"; do
  if [ "$tool" = kubeops ]; then printf '  %-45s %6.2f s\n' "${label[$tool]}" "${med[$tool]}"
  elif [ "$tool" = warm ]; then printf '  %-45s %6.2f s   (kube-ops CLI/this %.2f)\n' "${label[$tool]}" "${med[$tool]}" "$(ratio warm)"
  else printf '  %-45s %6.2f s   kube-ops/this %.2f\n' "${label[$tool]}" "${med[$tool]}" "$(ratio "$tool")"; fi
done
printf '  %-45s %6.2f s   (no tool finishes sooner after its last Deployment is created)\n' "floor: the rollout alone" "$med_rollout"
goal_line() { # baseline, goal, contender (kubeops: the CLI; warm: the engine in a warm JVM)
  local who=${3:-kubeops} r; r=$(ratio "$1" "$who")
  local verdict="not met"; [ "$(echo "$r <= $2" | bc -l)" = 1 ] && verdict=met
  local name="kube-ops"; [ "$who" = warm ] && name="kube-ops engine (warm JVM)"
  printf 'goal %s <= %sx %s: %s (%.2fx: %.2f s vs %.2f s)\n' "$name" "$2" "${label[$1]}" "$verdict" "$r" "${med[$who]}" "${med[$1]}"
}
goal_line ssa 0.5
goal_line helm 0.5
goal_line old 1.0
goal_line ssa 0.5 warm
goal_line helm 0.5 warm
printf 'for scale: 0.5x helm is %.2f s; the rollout alone takes %.2f s and the Deployments plus rollout %.2f s with kubectl create\n' \
  "$(echo "${med[helm]} * 0.5" | bc -l)" "$med_rollout" "${med[floor]}"

mkdir -p "$root/target/bench"
json_list() { printf '%s\n' $1 | jq -s .; }
jq -n --arg date "$(date -u +%FT%TZ)" --argjson objects "$((apps * 5))" --argjson runs "$runs" \
  --arg cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" --argjson nproc "$(nproc)" \
  --arg java "$(java -version 2>&1 | head -n 1)" --arg helm "$("$helm_bin" version --short)" \
  --argjson kubeops "$(json_list "${times[kubeops]}")" --argjson ssa "$(json_list "${times[ssa]}")" \
  --argjson helmTimes "$(json_list "${times[helm]}")" --argjson old "$(json_list "${times[old]}")" \
  --argjson floor "$(json_list "${times[floor]}")" --argjson rollout "$(json_list "$rollouts")" \
  --argjson warm "$(json_list "${times[warm]}")" --argjson mw "${med[warm]}" \
  --argjson mk "${med[kubeops]}" --argjson ms "${med[ssa]}" --argjson mh "${med[helm]}" --argjson mo "${med[old]}" \
  --argjson mf "${med[floor]}" --argjson mr "$med_rollout" \
  '{date: $date, machine: {nproc: $nproc, cpu: $cpu, java: $java}, helm: $helm, objects: $objects, runs: $runs,
    seconds: {kubeops: $kubeops, warmEngine: $warm, ssa: $ssa, helm: $helmTimes, old: $old, floor: $floor, floorRollout: $rollout},
    medians: {kubeops: $mk, warmEngine: $mw, ssa: $ms, helm: $mh, old: $mo, floor: $mf, floorRollout: $mr},
    ratios: {ssa: ($mk / $ms), helm: ($mk / $mh), old: ($mk / $mo)},
    warmEngineRatios: {ssa: ($mw / $ms), helm: ($mw / $mh), old: ($mw / $mo)},
    goals: [{baseline: "ssa", max: 0.5, met: ($mk / $ms <= 0.5)}, {baseline: "helm", max: 0.5, met: ($mk / $mh <= 0.5)},
            {baseline: "old", max: 1.0, met: ($mk / $mo <= 1.0)},
            {contender: "warm engine", baseline: "ssa", max: 0.5, met: ($mw / $ms <= 0.5)},
            {contender: "warm engine", baseline: "helm", max: 0.5, met: ($mw / $mh <= 0.5)}]}' > "$root/target/bench/deploy.json"
echo "wrote $root/target/bench/deploy.json (logs of each tool in $work)" >&2
