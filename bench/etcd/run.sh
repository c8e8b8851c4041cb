#!/usr/bin/env bash
# etcd backup benchmark (not a test): a real etcd with a >= 200 MB database on 127.0.0.1, measured side by side against
# the strongest baselines an operator has:
#   - bare transfer: `etcdctl snapshot save` alone (the physical limit: every byte etcd sends, written and synced to a file)
#   - script: `etcdctl snapshot save && zstd -1 && curl --aws-sigv4 -T` (the best sequential script; same S3 server as
#     kube-ops: s3proxy with SigV4 on 127.0.0.1)
# and Kube Ops' backup (snapshot + trailer check + database walk + zstd + S3 multipart upload, streamed):
#   1. in one warm JVM, as the etcdBackup step runs in a Jenkins controller (SnapshotBench compare-e2e)
#   2. as `./kube-ops etcd backup`, a fresh process per run
# The order of the contenders rotates from round to round; unmeasured rounds warm caches first (in the warm JVM three: the
# JIT still compiles the byte paths in the first ones; for the CLI one, which records the class-data archive). Prints
# every run, the medians, the ratios and one line per goal; writes target/bench/etcd.json.
# Goals: kube-ops <= 0.60x the script and <= 1.15x the bare transfer, in a warm JVM and as a CLI process.
# Usage: bench/etcd/run.sh [RUNS=5] [DB_MIB=220]
#   ETCD_BENCH_DATA=DIR   keep the filled etcd data directory there and reuse it in later runs (skips the fill)
#   SNAPSHOT_ALONE=1      also run the older snapshot-only comparison (engine vs etcdctl vs grpc-java vs jetcd)
#   ONLY=warm|cli         run one of the two end-to-end sections
#   WARM_UP=N             unmeasured rounds in the warm JVM (default 3)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-5}
db_mib=${2:-220}
work=$(mktemp -d /tmp/kube-ops-etcd-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
now() { date +%s.%N; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # CPU used so far by a running process, in 1/100 s
seconds() { python3 -c "import sys; print('%.3f' % ($(now) - $1))"; }

echo "== building (CLI jar, s3proxy, etcd binaries)" >&2
bin=$(bash "$root/scripts/local-cluster.sh" build 2>/dev/null | tail -n 1)
# package also copies s3proxy to engine/target/s3proxy (process-test-resources runs; only the tests are skipped)
(cd "$root" && mvn -B -q -DskipTests -pl cli -am package) >&2
cli_jar=$(ls "$root"/cli/target/kube-ops-cli-*-cli.jar | head -n 1)
mkdir -p "$work/classes"
# the CLI's jar holds the engine and every library it uses: the warm-JVM bench runs exactly the CLI's code
javac -d "$work/classes" -cp "$cli_jar" "$here/SnapshotBench.java"
engine_cp="$work/classes:$cli_jar"

data=${ETCD_BENCH_DATA:-$work/etcd}
client=$(free_port); peer=$(free_port)
endpoint="http://127.0.0.1:$client"
echo "== starting etcd $("$bin/etcd" --version | head -n 1) on $data" >&2
# a reused data directory keeps its member; --force-new-cluster lets it start on new ports
reuse=(); [ -d "$data/member" ] && reuse=(--force-new-cluster)
"$bin/etcd" --name bench --data-dir "$data" --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "bench=http://127.0.0.1:$peer" --listen-metrics-urls "http://127.0.0.1:$(free_port)" \
  --quota-backend-bytes 8589934592 --log-level warn ${reuse[@]+"${reuse[@]}"} > "$work/etcd.log" 2>&1 &
pids+=($!); etcd_pid=$!
for _ in $(seq 100); do "$bin/etcdctl" --endpoints "$endpoint" endpoint health >/dev/null 2>&1 && break; sleep 0.2; done
python3 "$here/fill-db.py" "$bin/etcdctl" "$endpoint" "$db_mib" >&2

s3port=$(free_port)
s3="http://127.0.0.1:$s3port"
mkdir -p "$work/s3/bench"
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=$s3
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
PROPS
java -Xmx512m -jar "$root/engine/target/s3proxy/s3proxy.jar" --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
pids+=($!); s3proxy_pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "$s3/" && break; sleep 0.2; done

bare() { # the physical limit: etcdctl receives, writes and fsyncs the snapshot, nothing else
  rm -f "$work/bare.db"
  "$bin/etcdctl" --endpoints "$endpoint" snapshot save "$work/bare.db" >/dev/null 2>&1
}
script() { # the best sequential script: save, zstd -1, upload with SigV4 to the same S3
  rm -f "$work/script.db" "$work/script.db.zst"
  "$bin/etcdctl" --endpoints "$endpoint" snapshot save "$work/script.db" >/dev/null 2>&1
  zstd -1 -q "$work/script.db" -o "$work/script.db.zst"
  curl -sS -f --aws-sigv4 "aws:amz:us-east-1:s3" --user bench:bench-secret -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -T "$work/script.db.zst" "$s3/bench/script/$1.db.zst"
}
cli() {
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret "$root/kube-ops" etcd backup --cluster "$1" \
    --endpoints "$endpoint" --s3-bucket bench --s3-endpoint "$s3" --s3-path-style \
    --work-dir "$work" --lock-dir "$work/locks" -o json > "$work/cli-$1.json" 2>"$work/cli-$1.err"
}
export -f bare script cli
export bin endpoint work s3 root

machine="$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
snapshot_bytes=$("$bin/etcdctl" --endpoints "$endpoint" endpoint status -w fields | sed -n 's/^"DBSize" : //p')
echo
echo "== etcd backup of a $snapshot_bytes-byte database, $runs rounds (machine: $machine; load $(cut -d' ' -f1-3 /proc/loadavg))"

if [ -n "${SNAPSHOT_ALONE:-}" ]; then
  echo "-- snapshot alone, warm JVM: engine vs etcdctl vs grpc-java defaults"
  java -cp "$engine_cp" io.jenkins.plugins.kubeops.engine.etcd.SnapshotBench compare "$endpoint" "$bin/etcdctl" "$work" "$runs" 2>/dev/null
  echo "-- snapshot alone, a fresh JVM per run: engine vs jetcd's own client (etcdctl: the bare transfer below)"
  mvn -B -q -f "$here/jetcd-pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/jetcd-cp.txt" >&2
  mkdir -p "$work/jetcd-classes"
  javac -d "$work/jetcd-classes" -cp "$(cat "$work/jetcd-cp.txt")" "$here/JetcdSnapshot.java"
  for i in $(seq "$runs"); do
    start=$(now); java -cp "$engine_cp" io.jenkins.plugins.kubeops.engine.etcd.SnapshotBench engine "$endpoint" "$work/e.db" >/dev/null 2>&1
    engine=$(seconds "$start")
    start=$(now); java -cp "$work/jetcd-classes:$(cat "$work/jetcd-cp.txt")" JetcdSnapshot "$endpoint" "$work/j.db" >/dev/null 2>&1
    echo "  round $i: engine $engine s, jetcd $(seconds "$start") s"
  done
  rm -f "$work/e.db" "$work/j.db"
fi

if [ "${ONLY:-warm}" = warm ]; then
  echo "-- 1. in one warm JVM (as the etcdBackup step runs in Jenkins; ${WARM_UP:-3} rounds warm it); baselines run as subprocesses"
  java -cp "$engine_cp" io.jenkins.plugins.kubeops.engine.etcd.SnapshotBench compare-e2e \
    "$endpoint" "$work" "$runs" "$s3" "$work/warm.json" "${WARM_UP:-3}" 2>"$work/warm.err" || { cat "$work/warm.err" >&2; exit 1; }
fi

if [ "${ONLY:-cli}" = cli ]; then
  echo "-- 2. ./kube-ops etcd backup, a fresh process per run (class-data archive recorded by the unmeasured round)"
  : > "$work/cli.tsv"
  for i in $(seq 0 "$runs"); do
    order=(bare script cli); shift_by=$((i % 3)); order=("${order[@]:$shift_by}" "${order[@]:0:$shift_by}")
    line="round $i:"
    for who in "${order[@]}"; do
      servers=$(( $(ticks "$etcd_pid") + $(ticks "$s3proxy_pid") ))
      start=$(now)
      case $who in
        bare) /usr/bin/time -f '%U %S' -o "$work/cpu" bash -c bare ;;
        script) /usr/bin/time -f '%U %S' -o "$work/cpu" bash -c "script cli-round-$i" ;;
        cli) /usr/bin/time -f '%U %S' -o "$work/cpu" bash -c "cli round-$i" ;;
      esac
      took=$(seconds "$start")
      servers=$(( $(ticks "$etcd_pid") + $(ticks "$s3proxy_pid") - servers ))
      cpu=$(awk '{printf "%.2f", $1 + $2}' "$work/cpu")
      line+=" $who $took s (cpu $cpu s + servers $(awk "BEGIN {printf \"%.2f\", $servers / 100}") s),"
      [ "$i" -gt 0 ] && printf '%s\t%s\t%s\t%s\n' "$who" "$took" "$cpu" "$servers" >> "$work/cli.tsv"
    done
    echo "  ${line%,}$([ "$i" = 0 ] && echo ' (warm-up, not counted)')"
  done
fi

python3 - "$work" "$runs" "$snapshot_bytes" "$machine" "$root/target/bench/etcd.json" <<'PY'
import json, os, statistics, sys, time
work, runs, snapshot_bytes, machine, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
result = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine, "runs": runs,
          "snapshotBytes": snapshot_bytes, "load": open("/proc/loadavg").read().split()[:3], "sections": {}, "goals": []}
sections = {}
if os.path.exists(f"{work}/warm.json"):
    warm = json.load(open(f"{work}/warm.json"))
    result["warmEngineCpuSeconds"] = warm.pop("kubeOpsCpu")
    sections["warm"] = warm
if os.path.exists(f"{work}/cli.tsv"):
    cli, cpu = {}, {}
    for line in open(f"{work}/cli.tsv"):
        who, took, own, servers = line.split()
        cli.setdefault(who, []).append(float(took))
        cpu.setdefault(who, []).append((float(own), int(servers) / 100))
    sections["cli"] = {"bare": cli["bare"], "script": cli["script"], "kubeOps": cli["cli"]}
    result["cliCpuSeconds"] = {"note": "median CPU of the contender's own processes, and of etcd + s3proxy during its runs",
                               **{name: {"own": statistics.median(c[0] for c in cpu[who]),
                                         "servers": statistics.median(c[1] for c in cpu[who])}
                                  for who, name in (("bare", "bare"), ("script", "script"), ("cli", "kubeOps"))}}
    stored = json.load(open(f"{work}/cli-round-1.json"))["storedBytes"]
    result["storedBytesZstdKubeOps"] = stored
    result["storedBytesZstdScript"] = os.path.getsize(f"{work}/s3/bench/script/cli-round-1.db.zst")
names = {"warm": "engine backup in a warm JVM", "cli": "./kube-ops etcd backup (fresh process)"}
print()
for name, runs_ in sections.items():
    medians = {k: statistics.median(v) for k, v in runs_.items()}
    vs_script, vs_bare = medians["kubeOps"] / medians["script"], medians["kubeOps"] / medians["bare"]
    result["sections"][name] = {"runs": runs_, "medians": medians, "ratioToScript": vs_script, "ratioToBare": vs_bare}
    print(f"{names[name]}: medians bare transfer {medians['bare']:.2f} s, zstd script {medians['script']:.2f} s, "
          f"kube-ops {medians['kubeOps']:.2f} s")
    print(f"  RATIO kube-ops / zstd script: {vs_script:.2f}   kube-ops / bare transfer: {vs_bare:.2f}")
    if name == "warm":
        print(f"  CPU of the engine's backup (median): {statistics.median(result['warmEngineCpuSeconds']):.2f} s")
    for goal, base, ratio, limit in (("zstd script", "script", vs_script, 0.60), ("bare transfer", "bare", vs_bare, 1.15)):
        met = ratio <= limit
        result["goals"].append({"section": name, "baseline": base, "ratio": ratio, "goal": limit, "met": met})
if "cliCpuSeconds" in result:
    c = result["cliCpuSeconds"]
    print("  CPU (medians, own + etcd/s3proxy): " + ", ".join(f"{n} {c[k]['own']:.2f} + {c[k]['servers']:.2f} s"
          for k, n in (("bare", "bare transfer"), ("script", "zstd script"), ("kubeOps", "kube-ops"))))
for g in result["goals"]:
    print(f"GOAL {names[g['section']]} <= {g['goal']:.2f}x the {'zstd script' if g['baseline'] == 'script' else 'bare transfer'}: "
          f"{'met' if g['met'] else 'not met'} ({g['ratio']:.2f}x)")
os.makedirs(os.path.dirname(out), exist_ok=True)
json.dump(result, open(out, "w"), indent=2)
print(f"(written to {out})")
PY
