package io.jenkins.plugins.kubeops.engine.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Integration tests against a real control plane: one local kwok cluster per test run (started through
 * {@link LocalCluster}, reused if it is already running), and a fresh namespace per test, deleted afterwards together with the
 * nodes the test created. A cluster that cannot start fails the tests; it never skips them.
 *
 * <p>Test methods take a {@link TestNamespace} parameter.
 */
public final class KubernetesClusterExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubernetesClusterExtension.class);
    private static final String CLUSTER_KEY = "cluster";
    private static final String NAMESPACE_KEY = "namespace";

    /** The cluster shared by all tests of this run. */
    public static TestCluster cluster(ExtensionContext context) {
        return context.getRoot().getStore(STORE).getOrComputeIfAbsent(CLUSTER_KEY, key -> TestCluster.start(), TestCluster.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestCluster cluster = cluster(context);
        String name = namespaceName(context.getRequiredTestMethod().getName());
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("kube-ops.test/it", "true").endMetadata().build()).create();
        // Pods are only admitted once the controller manager has created the namespace's default service account.
        Waits.until(Instant.now().plusSeconds(30), "service account default in " + name,
                () -> cluster.client().serviceAccounts().inNamespace(name).withName("default").get() != null);
        context.getStore(STORE).put(NAMESPACE_KEY, new TestNamespace(cluster, name));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestNamespace namespace = context.getStore(STORE).remove(NAMESPACE_KEY, TestNamespace.class);
        if (namespace != null) {
            namespace.cleanUp();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestNamespace.class || type == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == TestCluster.class) {
            return cluster(context);
        }
        return context.getStore(STORE).get(NAMESPACE_KEY, TestNamespace.class);
    }

    static String namespaceName(String testName) {
        String base = testName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        base = base.length() > 40 ? base.substring(0, 40) : base;
        return ("it-" + base).replaceAll("-+$", "") + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    /** The shared cluster: its kubeconfig and an admin client. Stopped at the end of the run only if this run started it. */
    public static final class TestCluster implements AutoCloseable {
        private final String name;
        private final Path kubeconfig;
        private final KubernetesClient client;
        private final boolean startedHere;

        private TestCluster(String name, Path kubeconfig, boolean startedHere) {
            this.name = name;
            this.kubeconfig = kubeconfig;
            this.startedHere = startedHere;
            this.client = new KubernetesClientFactory().create(connection());
            // Said once per run, so the build log shows the integration tests really ran against a live API server.
            System.out.println("[test-cluster] " + name + (startedHere ? " (started)" : " (reused)") + ": Kubernetes "
                    + client.getKubernetesVersion().getGitVersion() + " at " + client.getMasterUrl() + ", kubeconfig " + kubeconfig);
        }

        static TestCluster start() {
            String name = System.getProperty("kubeops.it.cluster", "kube-ops-it");
            boolean running = LocalCluster.isRunning(name);
            Path kubeconfig = LocalCluster.start(name, 0, LocalCluster.START_TIMEOUT,
                    line -> System.out.println("[test-cluster] " + line));
            registerUser(kubeconfig, !running);
            return new TestCluster(name, kubeconfig, !running);
        }

        /**
         * Test runs in other JVMs may share the cluster (parallel builds of the same checkout or of worktrees): each run
         * leaves a file named after its pid next to the kubeconfig, and the cluster is stopped only when no live run is left.
         */
        private static Path usersDirectory(Path kubeconfig) {
            return kubeconfig.resolveSibling("kube-ops-test-runs");
        }

        private static final String STARTED_BY_TESTS = "started-by-tests";

        private static void registerUser(Path kubeconfig, boolean startedHere) {
            try {
                Path users = Files.createDirectories(usersDirectory(kubeconfig));
                Files.writeString(users.resolve(Long.toString(ProcessHandle.current().pid())), "");
                if (startedHere) {
                    Files.writeString(users.resolve(STARTED_BY_TESTS), "");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean otherRunsAlive(Path kubeconfig) {
            long self = ProcessHandle.current().pid();
            try (Stream<Path> users = Files.list(usersDirectory(kubeconfig))) {
                return users.map(path -> path.getFileName().toString()).filter(file -> !file.equals(STARTED_BY_TESTS))
                        .map(Long::parseLong)
                        .anyMatch(pid -> pid != self && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            } catch (IOException | NumberFormatException e) {
                return true; // when unsure, leave the cluster running
            }
        }

        public Path kubeconfig() {
            return kubeconfig;
        }

        public ClusterConnection.Kubeconfig connection() {
            return ClusterConnection.Kubeconfig.of(kubeconfig);
        }

        public KubernetesClient client() {
            return client;
        }

        @Override
        public void close() {
            client.close();
            boolean shared = otherRunsAlive(kubeconfig);
            try {
                Files.deleteIfExists(usersDirectory(kubeconfig).resolve(Long.toString(ProcessHandle.current().pid())));
            } catch (IOException ignored) {
                // a stale file of a dead pid is ignored by the next run
            }
            // A cluster some test run started is stopped by the last run to finish; one a developer started stays.
            Path marker = usersDirectory(kubeconfig).resolve(STARTED_BY_TESTS);
            if (Files.exists(marker) && !shared && !"true".equals(System.getenv("KUBE_OPS_KEEP_CLUSTER"))) {
                try {
                    Files.deleteIfExists(marker);
                } catch (IOException ignored) {
                    // stopping the cluster below removes its directory anyway
                }
                LocalCluster.stop(name, Duration.ofMinutes(2), line -> System.out.println("[test-cluster] " + line));
            }
        }
    }
}
