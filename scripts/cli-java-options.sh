# The JVM options of the CLI for one command, shared by ./kube-ops and the benchmarks that stand for it. Source it, then
# call cli_java_options COMMAND: it prints one option per line.
#
# Start-up dominates most commands: only the quick (C1) compiler is used. etcd commands are the exception: they push
# hundreds of MB through SHA-256 (and AES for TLS or encryption), whose CPU instructions only the optimizing (C2) compiler
# uses: a 240 MB backup took 7.2 s with C1 alone and 5.2 s with the full JIT (docs/etcd.md). They also use the serial
# collector: G1's concurrent threads and barriers compete with the byte paths on small machines (the same backup: 6.3 s
# with G1); other commands keep G1, whose archived heap objects start them faster. And they compile later (thresholds
# x3): in a one-shot process the compilers otherwise spend more CPU on start-up code run a few hundred times than the
# backup spends on its bytes (a 231 MB backup: C2 1.3-1.6 s, C1 0.7-0.8 s; with x3 0.55-0.6 s and 0.5 s; the hashing
# loops still reach C2 within the first second of the stream). See the Benchmarks section of docs/etcd.md.
#
# Without C2, AES-GCM runs in plain Java (its AES and carry-less multiply instructions are C2 intrinsics): during the
# upgrade benchmark's roll 36% of the JVM's profile samples were AES-GCM. ChaCha20-Poly1305 in plain Java is ~5x faster
# here (145 against 30 MB/s under C1), so C1 commands offer it first: a Go API server then picks it (it takes the client's
# first choice between the two), a server that allows only AES-GCM still gets AES-GCM. With it, 6% of the samples.
cli_java_options() {
  if [ "${1:-}" = etcd ]; then
    printf '%s\n' -XX:CompileThresholdScaling=3 -XX:+UseSerialGC
  else
    printf '%s\n' -XX:TieredStopAtLevel=1 "-Djdk.tls.client.cipherSuites=TLS_CHACHA20_POLY1305_SHA256,TLS_AES_128_GCM_SHA256,\
TLS_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,\
TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,\
TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_256_GCM_SHA384"
  fi
}
