package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Gateway API CRDs, from the released Go module {@code sigs.k8s.io/gateway-api} (downloaded through the Go module
 * proxy into the module cache, like the local cluster's own sources), installed into the test cluster once.
 */
final class GatewayApiCrds {

    static final String VERSION = "v1.6.3";
    private static final Pattern DIR = Pattern.compile("\"Dir\":\\s*\"([^\"]+)\"");

    private GatewayApiCrds() {
    }

    /** Installs (or updates) the standard-channel HTTPRoute CRD and waits until it is established. */
    static void install(KubernetesClient client) throws IOException, InterruptedException {
        Path crd = moduleDir().resolve("config/crd/standard/gateway.networking.k8s.io_httproutes.yaml");
        CustomResourceDefinition definition;
        try (InputStream in = Files.newInputStream(crd)) {
            definition = client.apiextensions().v1().customResourceDefinitions().load(in).item();
        }
        client.apiextensions().v1().customResourceDefinitions().resource(definition).fieldManager("kube-ops-it")
                .forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(definition.getMetadata().getName())
                .waitUntilCondition(current -> current != null && current.getStatus() != null
                        && current.getStatus().getConditions() != null && current.getStatus().getConditions().stream().anyMatch(condition ->
                        "Established".equals(condition.getType()) && "True".equals(condition.getStatus())), 60, TimeUnit.SECONDS);
    }

    private static Path moduleDir() throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("gateway-api");
        try {
            Process process = new ProcessBuilder("go", "mod", "download", "-json", "sigs.k8s.io/gateway-api@" + VERSION)
                    .directory(work.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("go mod download sigs.k8s.io/gateway-api@" + VERSION + " failed: " + output);
            }
            Matcher dir = DIR.matcher(output);
            if (!dir.find()) {
                throw new IllegalStateException("go mod download printed no module directory: " + output);
            }
            return Path.of(dir.group(1));
        } finally {
            Files.deleteIfExists(work);
        }
    }
}
