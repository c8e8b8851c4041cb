#!/usr/bin/env bash
# Builds (or reuses) a Kubernetes control plane from Go modules and runs named kwok clusters on 127.0.0.1.
#
#   scripts/local-cluster.sh build                          build or reuse every binary in the cache
#   scripts/local-cluster.sh start NAME [NODES]             start (or reuse) cluster NAME with NODES default fake nodes (default 0)
#   scripts/local-cluster.sh stop NAME                      stop and delete cluster NAME
#   scripts/local-cluster.sh status NAME                    exit 0 if cluster NAME is running and healthy, 1 if not
#   scripts/local-cluster.sh kubeconfig NAME                print the path of NAME's kubeconfig
#   scripts/local-cluster.sh bin                            print the directory holding the binaries
#   scripts/local-cluster.sh helm                           build (or reuse) Helm 3 and print the path of its binary
#   scripts/local-cluster.sh components NAME                print each running component: name, pid, version, binary
#   scripts/local-cluster.sh upgrade-control-plane NAME VERSION  restart NAME's control plane on VERSION (etcd data kept)
#   scripts/local-cluster.sh upgrade-node NAME NODE VERSION move one kwok node's kubelet to VERSION
#   scripts/local-cluster.sh upgrade NAME VERSION           the control plane, then every node, one at a time
#
# KUBE_OPS_K8S_VERSION (default v1.36.4) picks the Kubernetes version that build and start use; KUBE_OPS_HELM_VERSION
# (default v3.21.4) the Helm version of the helm command. Only the Go module proxy is
# used: no release tarball or image is downloaded. Binaries live outside the clone, keyed by version, in
# ${KUBE_OPS_CACHE:-~/.cache/kube-ops}. Every failing step says which step failed and keeps its log.
set -euo pipefail

log() { printf '[local-cluster] %s\n' "$*" >&2; }
fail() { printf '[local-cluster] FAILED: %s\n' "$*" >&2; exit 1; }

ETCD_VERSION="${KUBE_OPS_ETCD_VERSION:-v3.6.8}"
KWOK_VERSION="${KUBE_OPS_KWOK_VERSION:-v0.8.0}"
HELM_VERSION="${KUBE_OPS_HELM_VERSION:-v3.21.4}"
CACHE_ROOT="${KUBE_OPS_CACHE:-$HOME/.cache/kube-ops}"
BUILD_DIR="$CACHE_ROOT/build"
KWOK_WORKDIR="$CACHE_ROOT/clusters"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false

# Selects the Kubernetes version the next build, start or upgrade uses, and its binary directory (keyed by all versions).
use_version() {
  [[ "$1" =~ ^v1\.[0-9]+\.[0-9]+$ ]] || fail "Kubernetes version '$1' is invalid: write it like v1.36.4 (a k8s.io/kubernetes release tag)"
  K8S_VERSION="$1"
  BIN_DIR="$CACHE_ROOT/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION/bin"
}
use_version "${KUBE_OPS_K8S_VERSION:-v1.36.4}"

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

# Helm is only needed by benchmarks: built on demand (never by build or start), in its own directory keyed by its version.
# A wrapper module, like etcd's, so that go.mod replace directives of Helm's own module cannot stop the build.
build_helm() {
  local dir="$BUILD_DIR/helm-$HELM_VERSION"
  mkdir -p "$dir"
  printf 'module kubeops.local/helm-build\n\ngo 1.26.0\n\nrequire helm.sh/helm/v3 %s\n' "$HELM_VERSION" >"$dir/go.mod"
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    -o "$HELM_BIN" helm.sh/helm/v3/cmd/helm)
}
HELM_BIN="$CACHE_ROOT/helm-$HELM_VERSION/bin/helm"

helm_binary() {
  [[ "$HELM_VERSION" =~ ^v3\.[0-9]+\.[0-9]+$ ]] || fail "Helm version '$HELM_VERSION' is invalid: write it like v3.21.4 (a helm.sh/helm/v3 tag)"
  if [ ! -x "$HELM_BIN" ]; then
    require_go
    mkdir -p "$(dirname "$HELM_BIN")"
    step "build-helm-$HELM_VERSION" build_helm
  fi
  "$HELM_BIN" version --short 2>/dev/null | grep -q "^$HELM_VERSION" \
    || fail "helm in $(dirname "$HELM_BIN") does not report $HELM_VERSION: delete the directory and build again"
  printf '%s\n' "$HELM_BIN"
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
# SO_REUSEPORT on the control plane's ports: an upgrade starts the new binary on the same port before it stops the old one,
# so the port is never free for another cluster being created at that moment to take (kwokctl hands out free ports).
componentsPatches:
- name: kube-apiserver
  extraArgs:
  - key: permit-port-sharing
    value: "true"
- name: kube-controller-manager
  extraArgs:
  - key: permit-port-sharing
    value: "true"
- name: kube-scheduler
  extraArgs:
  - key: permit-port-sharing
    value: "true"
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
  if is_running "$name"; then
    # Reused whatever it runs (an upgraded cluster keeps its version): say which, since it may differ from $K8S_VERSION.
    log "cluster '$name' already running (Kubernetes $(component_version "$name" kube-apiserver))"
    kubeconfig_path "$name"
    return
  fi
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
  # Nodes report the cluster's version as their kubelet's (kwok would say kwok-v0.8.0), so upgrades can move it.
  if [ "$nodes" -gt 0 ]; then
    step "scale-nodes-$name" kwokctl_cmd scale node --name "$name" --replicas "$nodes" \
      --param ".nodeInfo.kubeletVersion = \"$K8S_VERSION\"" --param ".nodeInfo.kubeProxyVersion = \"$K8S_VERSION\""
  fi
  kubeconfig_path "$name"
}

# kwokctl edits ~/.kube/config unless told otherwise: creation gets an empty path, deletion (which rejects one) a scratch file.
stop() {
  valid_name "$1"
  step "delete-cluster-$1" kwokctl_cmd delete cluster --name "$1" --kubeconfig "$KWOK_WORKDIR/unused-kubeconfig.yaml"
}

# ---- Upgrades: the running control plane is restarted on another version's binaries, one component at a time. ----

cluster_dir() { printf '%s/clusters/%s\n' "$KWOK_WORKDIR" "$1"; }

# Skew order: the apiserver first, so that no controller-manager or scheduler is ever newer than the apiserver it talks to.
CONTROL_PLANE=(kube-apiserver kube-controller-manager kube-scheduler)

# A zombie (killed, not yet reaped by its parent) counts as gone.
alive() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]; }

# The pid of a running component of cluster NAME, from the pid file kwokctl keeps; fails when the component is not running.
component_pid() {
  local pidfile pid
  pidfile="$(cluster_dir "$1")/pids/$2.pid"
  [ -f "$pidfile" ] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  printf '%s\n' "$pid"
}

# "Kubernetes v1.36.4" -> v1.36.4; "etcd Version: 3.6.8" -> v3.6.8.
binary_version() {
  local v
  v=$("$1" --version 2>/dev/null | grep -o -m1 -E 'v?[0-9]+\.[0-9]+\.[0-9]+' | head -n 1) || true
  [ -n "$v" ] && printf 'v%s\n' "${v#v}" || printf 'unknown\n'
}

# The version of the binary a running process was started from (not of whatever its link points at now).
process_version() { binary_version "/proc/$1/exe"; }

# The value of one --flag=value argument of a running process.
process_flag() { tr '\0' '\n' <"/proc/$1/cmdline" | sed -n "s/^$2=//p" | head -n 1; }

# Prints one line per component of cluster NAME: name, pid, version and the binary it runs ("- stopped -" when not running).
components() {
  local name="$1" dir pidfile component pid
  valid_name "$name"
  dir=$(cluster_dir "$name")
  compgen -G "$dir/pids/*.pid" >/dev/null || fail "cluster '$name' has no running components (no $dir/pids/*.pid): start it first"
  for pidfile in "$dir"/pids/*.pid; do
    component=$(basename "$pidfile" .pid)
    if pid=$(component_pid "$name" "$component"); then
      printf '%s %s %s %s\n' "$component" "$pid" "$(process_version "$pid")" "$(readlink "/proc/$pid/exe")"
    else
      printf '%s - stopped -\n' "$component"
    fi
  done
}

minor_of() { local minor; IFS=. read -r _ minor _ <<<"${1#v}"; printf '%s\n' "$minor"; }

# 0 when version $1 is newer than $2 (both vMAJOR.MINOR.PATCH, same major).
newer_than() {
  local a b
  IFS=. read -r -a a <<<"${1#v}"; IFS=. read -r -a b <<<"${2#v}"
  [ "${a[1]}" -gt "${b[1]}" ] || { [ "${a[1]}" -eq "${b[1]}" ] && [ "${a[2]}" -gt "${b[2]}" ]; }
}

# The official skew rules, checked before anything is stopped: no downgrade, no skipped minor, and every component at most
# one minor behind the target (a controller-manager or scheduler two minors behind the new apiserver is out of policy).
check_control_plane_target() {
  local name="$1" target="$2" component running
  for component in "${CONTROL_PLANE[@]}"; do
    running=$(component_version "$name" "$component")
    [[ "$running" =~ ^v1\.[0-9]+\.[0-9]+$ ]] || fail "cannot tell which version $component of cluster '$name' runs ('$running')"
    if newer_than "$running" "$target"; then
      fail "$component of cluster '$name' runs $running, newer than $target: downgrades are not supported, pick $running or newer"
    fi
    if [ $(( $(minor_of "$target") - $(minor_of "$running") )) -gt 1 ]; then
      fail "$component of cluster '$name' runs $running: $target would skip a minor version; upgrade to v1.$(( $(minor_of "$running") + 1 )) first"
    fi
  done
}

# What a component runs, or (when it is not running, e.g. a controller manager that lost its apiserver) what it would run.
component_version() {
  local pid
  if pid=$(component_pid "$1" "$2"); then process_version "$pid"; else binary_version "$(cluster_dir "$1")/bin/$2"; fi
}

# Healthy means: the apiserver answers /readyz through the cluster's kubeconfig; the controller manager and the scheduler
# answer /healthz on their own secure port (always allowed without credentials).
component_healthy() {
  local name="$1" component="$2" pid="$3" port address
  if [ "$component" = kube-apiserver ]; then is_running "$name"; return; fi
  port=$(process_flag "$pid" --secure-port); address=$(process_flag "$pid" --bind-address)
  [ -n "$port" ] || fail "$component of cluster '$name' has no --secure-port: cannot check its health"
  curl --silent --fail --insecure --max-time 5 "https://${address:-127.0.0.1}:$port/healthz" >/dev/null 2>&1
}

# Healthy three checks in a row: a component that lost a port race or rejects a flag dies a moment after it starts.
wait_component_healthy() {
  local name="$1" component="$2" pid="$3" healthy=0 i logfile
  logfile="$(cluster_dir "$name")/logs/$component.log"
  for i in $(seq 1 120); do
    if ! alive "$pid"; then
      tail -n 20 "$logfile" >&2 || true
      fail "$component of cluster '$name' exited after its restart on $K8S_VERSION (log: $logfile)"
    fi
    if component_healthy "$name" "$component" "$pid"; then
      healthy=$((healthy + 1)); [ "$healthy" -ge 3 ] && return 0
    else
      healthy=0
    fi
    sleep 1
  done
  tail -n 20 "$logfile" >&2 || true
  fail "$component of cluster '$name' was not healthy within 120 s of its restart on $K8S_VERSION (log: $logfile)"
}

# kwokctl starts every component of the cluster that is not running, from its entry in kwok.yaml. The upgrade lock (fd 9)
# must not be inherited by the components it starts.
start_stopped_components() { kwokctl_cmd start cluster --name "$1" 9>&-; }

# Whether process PID itself listens on 127.0.0.1:PORT (with SO_REUSEPORT two processes can).
process_listens() {
  local pid="$1" hex inodes
  hex=$(printf ':%04X' "$2")
  inodes=$(readlink /proc/"$pid"/fd/* 2>/dev/null | sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p' | tr '\n' ' ')
  awk -v port="$hex" -v inodes=" $inodes " '$4 == "0A" && $2 ~ (port "$") && index(inodes, " " $10 " ") { found = 1 }
    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# SIGTERM, then SIGKILL after 30 s (kubelet's default grace period; an apiserver otherwise waits 60 s for its open watches).
stop_process() {
  local name="$1" component="$2" pid="$3" i
  log "stopping $component $(process_version "$pid") (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do alive "$pid" || return 0; sleep 0.1; done
  log "$component (pid $pid) is still shutting down 30 s after SIGTERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do alive "$pid" || return 0; sleep 0.1; done
  fail "$component (pid $pid) of cluster '$name' does not stop: stop the cluster and start it on $K8S_VERSION"
}

# Points the component's link in the cluster's bin/ at BIN_DIR's binary and lets kwokctl start it: kwokctl starts every
# component whose pid file names no live process, from its entry in kwok.yaml (same flags, certificates, ports, log file).
# That also brings back a controller manager or scheduler that exited because the apiserver was away for over 10 s (their
# leader-election deadline), on the binary its link points at.
start_on_new_binary() {
  local name="$1" component="$2" dir
  dir=$(cluster_dir "$name")
  rm -f "$dir/pids/$component.pid"
  ln -sfn "$BIN_DIR/$component" "$dir/bin/$component"
  step "start-$component-$name" start_stopped_components "$name"
  RESTARTED_PID=$(component_pid "$name" "$component") \
    || fail "kwokctl did not start $component of cluster '$name' (logs: $BUILD_DIR/start-$component-$name.log, $dir/logs/$component.log)"
}

# Replaces one running component by the same component on BIN_DIR's binary. Started with --permit-port-sharing (every
# cluster this script creates), the new process binds the port next to the old one, which is stopped only once the new one
# listens: the port is never free. Otherwise (a cluster created before), the old process is stopped first.
restart_component() {
  local name="$1" component="$2" dir old old_binary port i
  dir=$(cluster_dir "$name")
  old=$(component_pid "$name" "$component") || old=""
  if [ -z "$old" ]; then
    log "$component is not running; starting it on $K8S_VERSION"
    start_on_new_binary "$name" "$component"
    return
  fi
  port=$(process_flag "$old" --secure-port)
  if [ "$(process_flag "$old" --permit-port-sharing)" != true ] || [ -z "$port" ]; then
    log "$component (pid $old) does not share its port (cluster created before port sharing): stopping it first"
    stop_process "$name" "$component" "$old"
    log "starting $component on $K8S_VERSION"
    start_on_new_binary "$name" "$component"
    return
  fi
  old_binary=$(readlink "$dir/bin/$component")
  log "starting $component on $K8S_VERSION next to the running $(process_version "$old") (pid $old), both on port $port"
  start_on_new_binary "$name" "$component"
  for i in $(seq 1 600); do
    process_listens "$RESTARTED_PID" "$port" && break
    if ! alive "$RESTARTED_PID" || [ "$i" = 600 ]; then
      # Put the old one back in charge: it never stopped serving.
      kill -KILL "$RESTARTED_PID" 2>/dev/null || true
      ln -sfn "$old_binary" "$dir/bin/$component"
      printf '%s' "$old" >"$dir/pids/$component.pid"
      tail -n 20 "$dir/logs/$component.log" >&2 || true
      fail "$component on $K8S_VERSION did not come up on port $port (log: $dir/logs/$component.log); the old $component (pid $old) keeps running"
    fi
    sleep 0.1
  done
  log "$component on $K8S_VERSION (pid $RESTARTED_PID) listens on port $port"
  stop_process "$name" "$component" "$old"
}

# kwokctl's saved configuration (kwok.yaml) names the version and binaries the cluster was created with; they are kept in
# step with what runs (for 'kwokctl get components' and for a cluster recreated from that file). A later
# 'kwokctl start cluster' runs the links in the cluster's bin/, which already point at the new binaries.
record_version() {
  local file tmp
  file="$(cluster_dir "$1")/kwok.yaml"
  [ -f "$file" ] || return 0
  tmp="$file.kube-ops-upgrade"
  sed -E -e "s#^(  kubeVersion: ).*#\1$K8S_VERSION#" \
      -e "s#^(  (kubeApiserver|kubeControllerManager|kubeScheduler|kubectl)Binary: ).*/([^/]+)\$#\1$BIN_DIR/\3#" \
      -e "s#^(  (kubeApiserver|kubeControllerManager|kubeScheduler|kubectl)Image: [^:]*:).*#\1$K8S_VERSION#" "$file" \
    | awk -v version="${K8S_VERSION#v}" '
        /^- / || /^[a-z]/ { component = "" }
        /^  name: / { component = $2 }
        /^  version: / && component ~ /^kube-(apiserver|controller-manager|scheduler)$/ { print "  version: " version; next }
        { print }' >"$tmp"
  cat "$tmp" >"$file" && rm -f "$tmp"
}

# The controller manager and the scheduler work only while they hold their leader-election lease in kube-system.
lease_holder() {
  [ "$2" = kube-apiserver ] && return 0
  kubectl_cmd "$1" -n kube-system get lease "$2" -o jsonpath='{.spec.holderIdentity}' 2>/dev/null || true
}

# The new process takes the lease once the old one released it or it expired (15 s).
wait_new_leader() {
  local name="$1" component="$2" old_holder="$3" i holder
  for i in $(seq 1 60); do
    holder=$(lease_holder "$name" "$component")
    if [ -n "$holder" ] && [ "$holder" != "$old_holder" ]; then log "$component on $K8S_VERSION leads (lease kube-system/$component)"; return 0; fi
    sleep 1
  done
  fail "$component of cluster '$name' on $K8S_VERSION did not take its lease kube-system/$component within 60 s (holder: '${holder:-none}')"
}

upgrade_control_plane() {
  local name="$1" target="$2" dir component running started served holder
  valid_name "$name"
  use_version "$target"
  dir=$(cluster_dir "$name")
  component_pid "$name" etcd >/dev/null \
    || fail "cluster '$name' is not running (no etcd): start it with 'scripts/local-cluster.sh start $name' first"
  command -v curl >/dev/null || fail "curl is not on PATH: install curl (the upgrade checks the controller manager's and scheduler's /healthz with it)"
  exec 9>"$dir/kube-ops-upgrade.lock"
  flock -n 9 || fail "another upgrade of cluster '$name' is running (lock $dir/kube-ops-upgrade.lock)"
  check_control_plane_target "$name" "$target"
  build
  for component in "${CONTROL_PLANE[@]}"; do
    running=$(component_version "$name" "$component")
    if [ "$running" = "$target" ] && component_pid "$name" "$component" >/dev/null; then
      log "$component already runs $target"
      continue
    fi
    log "upgrading $component of cluster '$name' from $running to $target"
    started=$SECONDS
    holder=$(lease_holder "$name" "$component")
    restart_component "$name" "$component"
    wait_component_healthy "$name" "$component" "$RESTARTED_PID"
    running=$(process_version "$RESTARTED_PID")
    [ "$running" = "$target" ] || fail "$component of cluster '$name' restarted but runs $running, not $target"
    [ -z "$holder" ] || wait_new_leader "$name" "$component" "$holder"
    log "$component runs $target and is healthy ($((SECONDS - started)) s)"
  done
  served=$(kubectl_cmd "$name" get --raw /version | sed -n 's/.*"gitVersion": *"\([^"]*\)".*/\1/p')
  [ "$served" = "$target" ] || fail "the apiserver of cluster '$name' reports '$served' on /version, not $target"
  record_version "$name"
  log "control plane of cluster '$name' runs $target"
}

kubectl_cmd() { local name="$1"; shift; "$BIN_DIR/kubectl" --kubeconfig "$(kubeconfig_path "$name")" --request-timeout=10s "$@"; }

# kwok fills in a node's nodeInfo only where it is empty and its heartbeats never touch it, so the version set here stays
# (as a kubelet's own report would after its restart on the new binary).
upgrade_node() {
  local name="$1" node="$2" target="$3" apiserver_pid apiserver i reported="" ready=""
  valid_name "$name"
  use_version "$target"
  apiserver_pid=$(component_pid "$name" kube-apiserver) \
    || fail "cluster '$name' is not running (no kube-apiserver): start it with 'scripts/local-cluster.sh start $name' first"
  apiserver=$(process_version "$apiserver_pid")
  if newer_than "$target" "$apiserver"; then
    fail "kubelet $target would be newer than the apiserver ($apiserver) of cluster '$name': upgrade the control plane first (upgrade-control-plane $name $target)"
  fi
  use_version "$apiserver"  # for its kubectl: the target version need not be built for a node
  kubectl_cmd "$name" get node "$node" -o name >/dev/null 2>&1 || fail "node '$node' does not exist in cluster '$name'"
  kubectl_cmd "$name" patch node "$node" --subresource=status --type=merge \
    -p "{\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"$target\",\"kubeProxyVersion\":\"$target\"}}}" >/dev/null \
    || fail "cannot set the kubelet version of node '$node' in cluster '$name'"
  for i in $(seq 1 60); do
    reported=$(kubectl_cmd "$name" get node "$node" -o jsonpath='{.status.nodeInfo.kubeletVersion}' 2>/dev/null || true)
    ready=$(kubectl_cmd "$name" get node "$node" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)
    if [ "$reported" = "$target" ] && [ "$ready" = True ]; then
      log "node '$node' of cluster '$name' runs kubelet $target and is Ready"
      return 0
    fi
    sleep 1
  done
  fail "node '$node' of cluster '$name' reports kubelet '$reported' (Ready: '${ready:-unknown}') 60 s after its upgrade to $target"
}

upgrade() {
  local name="$1" target="$2" node
  upgrade_control_plane "$name" "$target"
  for node in $(kubectl_cmd "$name" get nodes -o jsonpath='{.items[*].metadata.name}'); do
    upgrade_node "$name" "$node" "$target"
  done
  log "cluster '$name' runs $target"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  build) build; echo "$BIN_DIR" ;;
  start) [ $# -ge 1 ] || fail "usage: start NAME [NODES]"; start "$@" ;;
  stop) [ $# -eq 1 ] || fail "usage: stop NAME"; stop "$1" ;;
  status) [ $# -eq 1 ] || fail "usage: status NAME"; valid_name "$1"; is_running "$1" ;;
  kubeconfig) [ $# -eq 1 ] || fail "usage: kubeconfig NAME"; valid_name "$1"; kubeconfig_path "$1" ;;
  bin) echo "$BIN_DIR" ;;
  helm) helm_binary ;;
  components) [ $# -eq 1 ] || fail "usage: components NAME"; components "$1" ;;
  upgrade-control-plane) [ $# -eq 2 ] || fail "usage: upgrade-control-plane NAME VERSION"; upgrade_control_plane "$1" "$2" ;;
  upgrade-node) [ $# -eq 3 ] || fail "usage: upgrade-node NAME NODE VERSION"; upgrade_node "$1" "$2" "$3" ;;
  upgrade) [ $# -eq 2 ] || fail "usage: upgrade NAME VERSION"; upgrade "$1" "$2" ;;
  *) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
