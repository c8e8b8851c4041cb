package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The etcd programs a drill or deep check runs: {@code etcd} and either {@code etcdutl} (3.5+) or, for etcd 3.4,
 * {@code etcdctl}. Found in a given directory, else on the {@code PATH}.
 */
public record EtcdBinaries(Path etcd, Optional<Path> etcdutl, Optional<Path> etcdctl) {

    public static EtcdBinaries find(Optional<Path> directory, Map<String, String> environment) {
        Optional<Path> etcd = locate("etcd", directory, environment);
        if (etcd.isEmpty()) {
            throw new KubeOpsException("no etcd executable found " + where(directory) + ": install etcd (the same minor "
                    + "version as the cluster) on this machine, or give its directory (--etcd-bin-dir).");
        }
        Optional<Path> etcdutl = locate("etcdutl", directory, environment);
        Optional<Path> etcdctl = locate("etcdctl", directory, environment);
        if (etcdutl.isEmpty() && etcdctl.isEmpty()) {
            throw new KubeOpsException("neither etcdutl nor etcdctl found " + where(directory) + ": install them with etcd.");
        }
        return new EtcdBinaries(etcd.get(), etcdutl, etcdctl);
    }

    /** Restores with etcdutl when there is one (etcd 3.5+), else with etcd 3.4's etcdctl. */
    public java.util.List<String> restore(RestoreCommand command) {
        return etcdutl.map(path -> command.etcdutl(path.toString()))
                .orElseGet(() -> command.etcdctl34(etcdctl.orElseThrow().toString()));
    }

    private static String where(Optional<Path> directory) {
        return directory.map(d -> "in " + d).orElse("on the PATH");
    }

    private static Optional<Path> locate(String name, Optional<Path> directory, Map<String, String> environment) {
        if (directory.isPresent()) {
            Path candidate = directory.get().resolve(name);
            return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
        }
        String path = environment.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.isExecutable(Path.of(entry, name))) {
                return Optional.of(Path.of(entry, name));
            }
        }
        return Optional.empty();
    }
}
