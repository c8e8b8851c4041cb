#!/usr/bin/env python3
"""Writes Kubernetes-like JSON values into etcd until its database reaches the given size (MiB).

Usage: fill-db.py ETCDCTL ENDPOINT SIZE_MIB. Values are ~1 MiB of object-like JSON lines with random ids, so they compress
about as well as a real cluster's data (3-5x), and a quarter of the keys are overwritten once, leaving history behind.
"""
import os, random, subprocess, sys, uuid

etcdctl, endpoint, size_mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(42)

def value(i):
    lines = []
    total = 0
    while total < 1_000_000:
        line = ('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-%d-%d","namespace":"team-%d","uid":"%s",'
                '"resourceVersion":"%d","labels":{"app":"svc-%d","tier":"backend"}},"data":{"checksum":"%032x"}}\n'
                % (i, total, rng.randrange(50), uuid.UUID(int=rng.getrandbits(128)), rng.randrange(10**9), rng.randrange(500),
                   rng.getrandbits(128)))
        lines.append(line)
        total += len(line)
    return ''.join(lines).encode()

def db_size():
    out = subprocess.run([etcdctl, '--endpoints', endpoint, 'endpoint', 'status', '-w', 'fields'],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith('"DBSize"'):
            return int(line.split(':')[1].strip())
    raise SystemExit('no DBSize in etcdctl output')

i = 0
while db_size() < size_mib * 1024 * 1024:
    for _ in range(20):
        key = '/registry/configmaps/bench/cm-%05d' % (i if i % 4 else i // 4)
        subprocess.run([etcdctl, '--endpoints', endpoint, 'put', key], input=value(i), check=True,
                       stdout=subprocess.DEVNULL)
        i += 1
print('wrote %d values, db size %d bytes' % (i, db_size()))
