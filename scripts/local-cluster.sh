#!/usr/bin/env bash
# Builds (or reuses) a Kubernetes control plane from Go modules and runs named kwok clusters on 127.0.0.1.
#
#   scripts/local-cluster.sh build                 build or reuse every binary in the cache
#   scripts/local-cluster.sh start NAME [NODES]    start (or reuse) cluster NAME with NODES default fake nodes (default 0)
#   scripts/local-cluster.sh stop NAME             stop and delete cluster NAME
#   scripts/local-cluster.sh status NAME           exit 0 if cluster NAME is running and healthy, 1 if not
#   scripts/local-cluster.sh kubeconfig NAME       print the path of NAME's kubeconfig
#   scripts/local-cluster.sh bin                   print the directory holding the binaries
#
# Only the Go module proxy is used: no release tarball or image is downloaded. Binaries live outside the clone, keyed by version,
# in ${KUBE_OPS_CACHE:-~/.cache/kube-ops}. Every failing step says which step failed and keeps its log.
set -euo pipefail

K8S_VERSION="${KUBE_OPS_K8S_VERSION:-v1.36.4}"
ETCD_VERSION="${KUBE_OPS_ETCD_VERSION:-v3.6.8}"
KWOK_VERSION="${KUBE_OPS_KWOK_VERSION:-v0.8.0}"
CACHE_ROOT="${KUBE_OPS_CACHE:-$HOME/.cache/kube-ops}"
BIN_DIR="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
BUILD_DIR="$CACHE_ROOT/build"
KWOK_WORKDIR="$CACHE_ROOT/clusters"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false

log() { printf '[local-cluster] %s\n' "$*" >&2; }
fail() { printf '[local-cluster] FAILED: %s\n' "$*" >&2; exit 1; }

# Runs one named step, logging to a file; on failure prints the step, the reason and the log tail.
step() {
  local name="$1"; shift
  local logfile="$BUILD_DIR/$name.log"
  mkdir -p "$BUILD_DIR"
  log "step '$name' ..."
  local started=$SECONDS
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2 || true
    fail "step '$name' failed (full log: $logfile)"
  fi
  log "step '$name' done in $((SECONDS - started)) s"
}

require_go() {
  command -v go >/dev/null || fail "Go is not on PATH: install Go 1.26 (https://go.dev/dl) to build the local cluster"
  local have; have=$(go env GOVERSION)
  case "$have" in go1.2[6-9]*|go1.[3-9]*) ;; *) fail "Go $have is too old: kwok $KWOK_VERSION and Kubernetes $K8S_VERSION need Go 1.26";; esac
}

# k8s.io/kubernetes replaces its staging modules with ./staging paths, which `go install` refuses; a wrapper module
# replaces each of them with the published v0.<minor>.<patch> tag of the same release instead.
build_kubernetes() {
  local dir="$BUILD_DIR/kubernetes-$K8S_VERSION" staging="v0${K8S_VERSION#v1}"
  local major minor; IFS=. read -r major minor _ <<<"${K8S_VERSION#v}"
  mkdir -p "$dir"
  local modfile; modfile=$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$K8S_VERSION.mod
  [ -f "$modfile" ] || (cd "$dir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >/dev/null)
  {
    printf 'module kubeops.local/kubernetes-build\n\ngo 1.26.0\n\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$K8S_VERSION"
    sed -n '/^replace (/,/^)/p' "$modfile" | awk -v v="$staging" '/=>/{printf "\t%s => %s %s\n", $1, $1, v}'
    printf ')\n'
  } >"$dir/go.mod"
  local pkg=k8s.io/component-base/version cpkg=k8s.io/client-go/pkg/version flags=""
  for p in $pkg $cpkg; do
    flags="$flags -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=$major -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "-s -w $flags" -o "$BIN_DIR/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
}

# etcd's modules also carry replace directives; as dependencies of a wrapper module those are ignored.
build_etcd() {
  local dir="$BUILD_DIR/etcd-$ETCD_VERSION"
  mkdir -p "$dir"
  printf 'module kubeops.local/etcd-build\n\ngo 1.26.0\n\nrequire (\n\tgo.etcd.io/etcd/server/v3 %s\n\tgo.etcd.io/etcd/etcdctl/v3 %s\n\tgo.etcd.io/etcd/etcdutl/v3 %s\n)\n' \
    "$ETCD_VERSION" "$ETCD_VERSION" "$ETCD_VERSION" >"$dir/go.mod"
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd" go.etcd.io/etcd/server/v3 \
    && go build -mod=mod -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcdctl" go.etcd.io/etcd/etcdctl/v3 \
    && go build -mod=mod -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcdutl" go.etcd.io/etcd/etcdutl/v3)
}

build_kwok() {
  GOBIN="$BIN_DIR" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"
}

build() {
  mkdir -p "$BIN_DIR"
  local missing=0 b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do [ -x "$BIN_DIR/$b" ] || missing=1; done
  if [ "$missing" = 1 ]; then require_go; step "build-kubernetes-$K8S_VERSION" build_kubernetes; fi
  if [ ! -x "$BIN_DIR/etcd" ] || [ ! -x "$BIN_DIR/etcdutl" ]; then require_go; step "build-etcd-$ETCD_VERSION" build_etcd; fi
  if [ ! -x "$BIN_DIR/kwokctl" ] || [ ! -x "$BIN_DIR/kwok" ]; then require_go; step "build-kwok-$KWOK_VERSION" build_kwok; fi
  "$BIN_DIR/kube-apiserver" --version | grep -q "$K8S_VERSION" || fail "kube-apiserver in $BIN_DIR does not report $K8S_VERSION: delete the directory and build again"
}

kwokctl_cmd() { PATH="$BIN_DIR:$PATH" KWOK_WORKDIR="$KWOK_WORKDIR" "$BIN_DIR/kwokctl" "$@"; }
kubeconfig_path() { printf '%s/clusters/%s/kubeconfig.yaml\n' "$KWOK_WORKDIR" "$1"; }

valid_name() {
  [[ "$1" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || fail "cluster name '$1' is invalid: use lower-case letters, digits and '-'"
}

is_running() {
  local kc; kc=$(kubeconfig_path "$1")
  [ -f "$kc" ] && PATH="$BIN_DIR:$PATH" kubectl --kubeconfig "$kc" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

# Healthy for a few seconds in a row: a component that lost a port race dies shortly after start.
wait_ready() {
  local name="$1" healthy=0 i
  for i in $(seq 1 60); do
    if is_running "$name"; then healthy=$((healthy + 1)); [ "$healthy" -ge 3 ] && return 0; else healthy=0; fi
    sleep 1
  done
  return 1
}

write_config() {
  local file="$1"
  cat >"$file" <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  runtime: binary
  bindAddress: 127.0.0.1
  kubeVersion: $K8S_VERSION
  etcdVersion: ${ETCD_VERSION#v}
  kubeBinaryPrefix: $BIN_DIR
  kubectlBinary: $BIN_DIR/kubectl
  etcdBinary: $BIN_DIR/etcd
  etcdctlBinary: $BIN_DIR/etcdctl
  etcdutlBinary: $BIN_DIR/etcdutl
  kwokControllerBinary: $BIN_DIR/kwok
  disableQPSLimits: true
---
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  # Tests own the status of objects with this label (e.g. a NotReady node, a pod stuck in a chosen state); kwok leaves it alone.
  disregardStatusWithLabelSelector: kube-ops.test/manual-status=true
  # A KwokConfiguration document is not defaulted: kwok's documented defaults, spelled out.
  manageAllNodes: true
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  nodeLeaseParallelism: 4
  podsOnNodeSyncParallelism: 1
  enablePodsOnNodeSyncListPager: true
  enableDebuggingHandlers: true
  enableProfilingHandler: true
EOF
}

start() {
  local name="$1" nodes="${2:-0}"
  valid_name "$name"
  [[ "$nodes" =~ ^[0-9]+$ ]] || fail "node count '$nodes' is not a number"
  build
  if is_running "$name"; then log "cluster '$name' already running"; kubeconfig_path "$name"; return; fi
  # A cluster left over from a crashed run (stopped processes, stale files) is recreated.
  kwokctl_cmd delete cluster --name "$name" --kubeconfig "$KWOK_WORKDIR/unused-kubeconfig.yaml" >/dev/null 2>&1 || true
  mkdir -p "$KWOK_WORKDIR" "$BUILD_DIR"
  local config="$KWOK_WORKDIR/$name.kwokctl.yaml"
  write_config "$config"
  # Two clusters created at the same moment can be handed the same free port; a cluster that does not come up is
  # deleted and created once more (new ports), and only then reported as failed, with its component logs.
  local attempt
  for attempt in 1 2; do
    if kwokctl_cmd --config "$config" create cluster --name "$name" --runtime binary --wait 120s --kubeconfig "" \
        >"$BUILD_DIR/create-cluster-$name.log" 2>&1 && wait_ready "$name"; then
      break
    fi
    if [ "$attempt" = 2 ]; then
      tail -n 5 "$KWOK_WORKDIR/clusters/$name/logs/"*.log >&2 2>/dev/null || true
      fail "step 'create-cluster-$name' failed twice (logs: $BUILD_DIR/create-cluster-$name.log, $KWOK_WORKDIR/clusters/$name/logs)"
    fi
    log "cluster '$name' did not come up; creating it again"
    kwokctl_cmd delete cluster --name "$name" --kubeconfig "$KWOK_WORKDIR/unused-kubeconfig.yaml" >/dev/null 2>&1 || true
  done
  log "cluster '$name' is ready"
  if [ "$nodes" -gt 0 ]; then step "scale-nodes-$name" kwokctl_cmd scale node --name "$name" --replicas "$nodes"; fi
  kubeconfig_path "$name"
}

# kwokctl edits ~/.kube/config unless told otherwise: creation gets an empty path, deletion (which rejects one) a scratch file.
stop() {
  valid_name "$1"
  step "delete-cluster-$1" kwokctl_cmd delete cluster --name "$1" --kubeconfig "$KWOK_WORKDIR/unused-kubeconfig.yaml"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  build) build; echo "$BIN_DIR" ;;
  start) [ $# -ge 1 ] || fail "usage: start NAME [NODES]"; start "$@" ;;
  stop) [ $# -eq 1 ] || fail "usage: stop NAME"; stop "$1" ;;
  status) [ $# -eq 1 ] || fail "usage: status NAME"; valid_name "$1"; is_running "$1" ;;
  kubeconfig) [ $# -eq 1 ] || fail "usage: kubeconfig NAME"; valid_name "$1"; kubeconfig_path "$1" ;;
  bin) echo "$BIN_DIR" ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
