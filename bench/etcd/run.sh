#!/usr/bin/env bash
# etcd backup benchmarks (not tests): a real etcd with a >= 200 MB database on 127.0.0.1, measured side by side.
#   1. snapshot alone: the engine's snapshot path vs `etcdctl snapshot save` (and grpc-java defaults, and jetcd's client)
#   2. end to end: `kube-ops etcd backup` (snapshot + verify + zstd + upload to S3, streamed) vs the sequential script
#      `etcdctl snapshot save && gzip && curl upload` (to the same S3 server: s3proxy with SigV4 on 127.0.0.1)
# Prints the medians of RUNS rounds and the ratios. Usage: bench/etcd/run.sh [RUNS=5] [DB_MIB=220]
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
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
seconds() { local start=$1; python3 -c "import time; print('%.3f' % (time.time() - $start))"; }
now() { python3 -c 'import time; print(time.time())'; }

echo "== building (engine jar, CLI jar, s3proxy, etcd binaries)" >&2
bin=$(bash "$root/scripts/local-cluster.sh" build 2>/dev/null | tail -n 1)
(cd "$root" && mvn -B -q -DskipTests -pl cli -am package && mvn -B -q -pl engine process-test-resources \
  && mvn -B -q -pl engine dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt") >&2
mvn -B -q -f "$here/jetcd-pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/jetcd-cp.txt" >&2
cli_jar=$(ls "$root"/cli/target/kube-ops-cli-*-cli.jar | head -n 1)
mkdir -p "$work/classes" "$work/jetcd-classes"
javac -d "$work/classes" -cp "$root/engine/target/classes:$(cat "$work/cp.txt")" "$here/SnapshotBench.java"
javac -d "$work/jetcd-classes" -cp "$(cat "$work/jetcd-cp.txt")" "$here/JetcdSnapshot.java"

echo "== starting etcd $("$bin/etcd" --version | head -n 1) and filling it to $db_mib MiB" >&2
client=$(free_port); peer=$(free_port)
endpoint="http://127.0.0.1:$client"
"$bin/etcd" --name bench --data-dir "$work/etcd" --listen-client-urls "$endpoint" --advertise-client-urls "$endpoint" \
  --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
  --initial-cluster "bench=http://127.0.0.1:$peer" --listen-metrics-urls "http://127.0.0.1:$(free_port)" \
  --quota-backend-bytes 8589934592 --log-level warn > "$work/etcd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do "$bin/etcdctl" --endpoints "$endpoint" endpoint health >/dev/null 2>&1 && break; sleep 0.2; done
python3 "$here/fill-db.py" "$bin/etcdctl" "$endpoint" "$db_mib" >&2

s3port=$(free_port)
mkdir -p "$work/s3/bench"
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
PROPS
java -Xmx512m -jar "$root/engine/target/s3proxy/s3proxy.jar" --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$s3port/" && break; sleep 0.2; done

if [ -z "${SKIP_SNAPSHOT_ALONE:-}" ]; then
echo
echo "== 1. snapshot alone (machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
java -cp "$work/classes:$root/engine/target/classes:$(cat "$work/cp.txt")" io.jenkins.plugins.kubeops.engine.etcd.SnapshotBench compare \
  "$endpoint" "$bin/etcdctl" "$work" "$runs" 2>/dev/null
echo "-- cold JVM per run (as a CLI invocation): engine vs jetcd's client vs etcdctl"
: > "$work/cold-engine"; : > "$work/cold-jetcd"; : > "$work/cold-etcdctl"
for i in $(seq "$runs"); do
  start=$(now); "$bin/etcdctl" --endpoints "$endpoint" snapshot save "$work/s.db" >/dev/null 2>&1; seconds "$start" >> "$work/cold-etcdctl"; rm -f "$work/s.db"
  start=$(now); java -cp "$work/classes:$root/engine/target/classes:$(cat "$work/cp.txt")" io.jenkins.plugins.kubeops.engine.etcd.SnapshotBench engine "$endpoint" "$work/e.db" >/dev/null 2>&1; seconds "$start" >> "$work/cold-engine"
  start=$(now); java -cp "$work/jetcd-classes:$(cat "$work/jetcd-cp.txt")" JetcdSnapshot "$endpoint" "$work/j.db" >/dev/null 2>&1; seconds "$start" >> "$work/cold-jetcd"
done
e=$(median < "$work/cold-etcdctl"); o=$(median < "$work/cold-engine"); j=$(median < "$work/cold-jetcd")
printf '  etcdctl %.2f s, engine (cold JVM) %.2f s, jetcd (cold JVM) %.2f s\n' "$e" "$o" "$j"
python3 -c "print('RATIO cold engine/etcdctl throughput: %.2f, jetcd/etcdctl: %.2f' % ($e/$o, $e/$j))"
fi

echo
echo "== 2. end to end: snapshot + verify + compress + upload (load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "-- in one JVM, as the etcdBackup step runs in Jenkins"
java -cp "$work/classes:$root/engine/target/classes:$(cat "$work/cp.txt")" io.jenkins.plugins.kubeops.engine.etcd.SnapshotBench compare-e2e \
  "$endpoint" "$bin/etcdctl" "$work" "$runs" "http://127.0.0.1:$s3port" 2>/dev/null
echo "-- cold JVM per run, as a CLI invocation (the ./kube-ops launcher; one unmeasured run first records its class-data archive)"
: > "$work/ours"; : > "$work/script"
AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret "$root/kube-ops" etcd backup --cluster bench-warmup \
  --endpoints "$endpoint" --s3-bucket bench --s3-endpoint "http://127.0.0.1:$s3port" --s3-path-style \
  --work-dir "$work" --lock-dir "$work/locks" -o json > /dev/null 2>&1 || true
for i in $(seq "$runs"); do
  start=$(now)
  "$bin/etcdctl" --endpoints "$endpoint" snapshot save "$work/script.db" >/dev/null 2>&1
  gzip -f "$work/script.db"
  curl -sS -f --aws-sigv4 "aws:amz:us-east-1:s3" --user bench:bench-secret -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    -T "$work/script.db.gz" "http://127.0.0.1:$s3port/bench/script/$i.db.gz"
  seconds "$start" >> "$work/script"; rm -f "$work/script.db.gz"
  start=$(now)
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret "$root/kube-ops" etcd backup --cluster bench \
    --endpoints "$endpoint" --s3-bucket bench --s3-endpoint "http://127.0.0.1:$s3port" --s3-path-style \
    --work-dir "$work" --lock-dir "$work/locks" -o json > "$work/ours-$i.json" 2>/dev/null
  seconds "$start" >> "$work/ours"
done
s=$(median < "$work/script"); o=$(median < "$work/ours")
printf '  script (etcdctl save, gzip, curl upload): %.2f s\n' "$s"
printf '  kube-ops etcd backup (CLI, cold JVM):     %.2f s  (stored %s bytes zstd vs %s bytes gzip)\n' "$o" \
  "$(python3 -c "import json;print(json.load(open('$work/ours-1.json'))['storedBytes'])")" \
  "$(ls -l "$work"/s3/bench/script/1.db.gz | awk '{print $5}')"
python3 -c "print('RATIO kube-ops time / script time: %.2f (goal <= 0.70)' % ($o/$s))"
