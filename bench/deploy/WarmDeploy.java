import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import io.jenkins.plugins.kubeops.engine.deploy.DeployService;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The deploy engine in one long-lived JVM, as the kubeDeploy step runs it in a Jenkins controller (benchmark, not a test).
 * Usage: WarmDeploy KUBECONFIG MANIFEST_DIR WARM_UPS. It first deploys WARM_UPS times into namespaces of its own (deleted
 * again, their deletion waited for), prints "ready", then reads namespace names (existing, empty) from standard input, one
 * per line, deploys the release "bench" into each with a client of its own (as each step run builds one) and prints the
 * seconds it took. Progress lines go to standard error.
 */
public final class WarmDeploy {

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        Path manifests = Path.of(args[1]);
        int warmUps = Integer.parseInt(args[2]);
        KubernetesClientFactory factory = new KubernetesClientFactory();
        ClusterConnection connection = ClusterConnection.Kubeconfig.of(kubeconfig);
        for (int i = 0; i < warmUps; i++) {
            String namespace = "bench-warm-engine-warm-up-" + i;
            try (KubernetesClient client = factory.create(connection)) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                        .create();
            }
            deploy(factory, connection, manifests, namespace);
            try (KubernetesClient client = factory.create(connection)) {
                client.namespaces().withName(namespace).delete();
                client.namespaces().withName(namespace).waitUntilCondition(ns -> ns == null, 5, TimeUnit.MINUTES);
            }
        }
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String namespace = in.readLine(); namespace != null; namespace = in.readLine()) {
            long start = System.nanoTime();
            boolean deployed = deploy(factory, connection, manifests, namespace.trim());
            System.out.printf("%s %.3f%n", deployed ? "deployed" : "failed", (System.nanoTime() - start) / 1e9);
            System.out.flush();
        }
    }

    private static boolean deploy(KubernetesClientFactory factory, ClusterConnection connection, Path manifests, String namespace) {
        try (KubernetesClient client = factory.create(connection)) {
            ReleaseSpec spec = new ReleaseSpec("bench", namespace, new ReleaseSource.ManifestFiles(List.of(manifests)), List.of(),
                    List.of());
            DeployResult result = new DeployService(client, Clock.systemUTC())
                    .deploy(spec, DeployOptions.defaults("bench").withTimeout(Duration.ofMinutes(5)), System.err::println);
            return result.succeeded();
        }
    }
}
