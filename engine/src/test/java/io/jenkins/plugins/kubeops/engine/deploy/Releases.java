package io.jenkins.plugins.kubeops.engine.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Release sources for deploy tests, written into a temp directory. */
final class Releases {

    private Releases() {
    }

    /** A Deployment (with an optional extra pod label), a Service and, if wanted, a ConfigMap, as plain manifests. */
    static Path web(Path dir, String version, boolean withConfigMap, String extraPodLabel) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  progressDeadlineSeconds: 6
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata:
                      labels: {app: web, version: "%s"%s}
                    spec:
                      containers:
                      - name: web
                        image: registry.invalid/web:%s
                        resources: {requests: {cpu: 10m, memory: 16Mi}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                """.formatted(version, extraPodLabel == null ? "" : ", " + extraPodLabel, version));
        if (withConfigMap) {
            yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-config}\ndata: {version: \"").append(version).append("\"}\n");
        }
        return write(dir, "web-" + version + (withConfigMap ? "-cm" : "") + (extraPodLabel == null ? "" : "-x") + ".yaml", yaml.toString());
    }

    static ReleaseSpec spec(String name, String namespace, Path... files) {
        return new ReleaseSpec(name, namespace, new ReleaseSource.ManifestFiles(List.of(files)), List.of(), List.of());
    }

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
