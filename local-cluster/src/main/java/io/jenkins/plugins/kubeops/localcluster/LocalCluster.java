package io.jenkins.plugins.kubeops.localcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts and stops named local kwok clusters (a real kube-apiserver, controller manager and scheduler on 127.0.0.1 with
 * simulated nodes) through {@code scripts/local-cluster.sh}, which ships inside this jar. The first start on a machine
 * builds the binaries from Go modules, which takes minutes; later starts reuse them.
 */
public final class LocalCluster {

    /** The cluster the CLI uses when it is given no kubeconfig. */
    public static final String DEMO_CLUSTER = "kube-ops-demo";
    /** Generous: a cold start compiles Kubernetes. */
    public static final Duration START_TIMEOUT = Duration.ofMinutes(75);
    /** Generous too: an upgrade to a version that is not cached yet compiles it first. */
    public static final Duration UPGRADE_TIMEOUT = Duration.ofMinutes(75);

    private static final String VERSION_VARIABLE = "KUBE_OPS_K8S_VERSION";

    private static final String SCRIPT_RESOURCE = "local-cluster.sh";
    private static final int KEPT_LOG_LINES = 40;

    private LocalCluster() {
    }

    /**
     * Starts cluster {@code name} (or reuses it when it is already running) and returns its kubeconfig.
     *
     * @param defaultNodes fake nodes created with kwok's default size when the cluster is created
     * @param progress     receives the script's progress lines (build steps can take minutes)
     */
    public static Path start(String name, int defaultNodes, Duration timeout, Consumer<String> progress) {
        return start(name, defaultNodes, null, timeout, progress);
    }

    /**
     * Starts cluster {@code name} on Kubernetes {@code kubernetesVersion} (e.g. "v1.35.4"; null: the script's default, or
     * KUBE_OPS_K8S_VERSION), building that version's binaries first when they are not cached. A cluster that is already
     * running is reused whatever it runs: stop it first to be sure of the version.
     */
    public static Path start(String name, int defaultNodes, String kubernetesVersion, Duration timeout, Consumer<String> progress) {
        List<String> output = run(List.of("start", name, Integer.toString(defaultNodes)), versionEnvironment(kubernetesVersion),
                timeout, progress);
        if (output.isEmpty()) {
            throw new LocalClusterException("local cluster '" + name + "' started but the script printed no kubeconfig path.");
        }
        Path kubeconfig = Path.of(output.get(output.size() - 1).trim());
        if (!Files.isRegularFile(kubeconfig)) {
            throw new LocalClusterException("local cluster '" + name + "' reported kubeconfig " + kubeconfig + ", which does not exist.");
        }
        return kubeconfig;
    }

    /** Whether cluster {@code name} is running and answers health checks. */
    public static boolean isRunning(String name) {
        try {
            run(List.of("status", name), Duration.ofSeconds(30), line -> { });
            return true;
        } catch (LocalClusterException e) {
            return false;
        }
    }

    public static void stop(String name, Duration timeout, Consumer<String> progress) {
        run(List.of("stop", name), timeout, progress);
    }

    /** Directory holding the built binaries (kubectl, etcd, etcdctl, etcdutl, ...); builds them first if needed. */
    public static Path binaries(Duration timeout, Consumer<String> progress) {
        return binaries(null, timeout, progress);
    }

    /** Like {@link #binaries(Duration, Consumer)} for Kubernetes {@code kubernetesVersion} (null: the default). */
    public static Path binaries(String kubernetesVersion, Duration timeout, Consumer<String> progress) {
        List<String> output = run(List.of("build"), versionEnvironment(kubernetesVersion), timeout, progress);
        return Path.of(output.get(output.size() - 1).trim());
    }

    /**
     * Restarts the control plane of running cluster {@code name} on Kubernetes {@code version} (built first when missing):
     * kube-apiserver, then kube-controller-manager, then kube-scheduler, each on the same flags, certificates and ports and
     * waited for until healthy before the next; etcd and its data, the kwok controller and the kubeconfig stay as they are.
     * Components that already run {@code version} are left alone, so a failed upgrade can be run again. Refuses downgrades
     * and skipped minor versions before stopping anything.
     */
    public static void upgradeControlPlane(String name, String version, Duration timeout, Consumer<String> progress) {
        run(List.of("upgrade-control-plane", name, version), Map.of(), timeout, progress);
    }

    /**
     * Moves kwok node {@code node} of cluster {@code name} to kubelet (and kube-proxy) {@code version} and waits until it
     * reports that version and Ready. Refuses a kubelet newer than the cluster's apiserver.
     */
    public static void upgradeNode(String name, String node, String version, Duration timeout, Consumer<String> progress) {
        run(List.of("upgrade-node", name, node, version), Map.of(), timeout, progress);
    }

    /** The processes of cluster {@code name} (etcd, the control plane, the kwok controller) and what each one runs. */
    public static List<Component> components(String name) {
        List<Component> components = new ArrayList<>();
        for (String line : run(List.of("components", name), Map.of(), Duration.ofSeconds(30), line -> { })) {
            String[] fields = line.trim().split(" ", 4);
            if (fields.length < 3) {
                throw new LocalClusterException("unexpected line from the local cluster script's components list: '" + line + "'");
            }
            boolean running = !fields[1].equals("-");
            components.add(new Component(fields[0], running ? Long.parseLong(fields[1]) : 0, running ? fields[2] : null,
                    running && fields.length == 4 ? Path.of(fields[3]) : null));
        }
        return List.copyOf(components);
    }

    /**
     * One process of a local cluster.
     *
     * @param pid     0 when the component is not running
     * @param version what its binary reports (e.g. "v1.36.4", "v3.6.8"), or null when it is not running
     * @param binary  the file the process runs, or null when it is not running
     */
    public record Component(String name, long pid, String version, Path binary) {
        public boolean running() {
            return pid > 0;
        }
    }

    private static Map<String, String> versionEnvironment(String kubernetesVersion) {
        return kubernetesVersion == null ? Map.of() : Map.of(VERSION_VARIABLE, kubernetesVersion);
    }

    private static List<String> run(List<String> arguments, Duration timeout, Consumer<String> progress) {
        return run(arguments, Map.of(), timeout, progress);
    }

    private static List<String> run(List<String> arguments, Map<String, String> environment, Duration timeout,
            Consumer<String> progress) {
        Path script = extractScript();
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(arguments);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new LocalClusterException("cannot run bash for the local cluster (" + e.getMessage() + "): install bash.", e);
        }
        Deque<String> recentErrors = new ArrayDeque<>();
        Thread errorPump = daemon(() -> pump(process.getErrorStream(), line -> {
            synchronized (recentErrors) {
                if (recentErrors.size() == KEPT_LOG_LINES) {
                    recentErrors.removeFirst();
                }
                recentErrors.addLast(line);
            }
            progress.accept(line);
        }));
        List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        Thread outputPump = daemon(() -> pump(process.getInputStream(), stdout::add));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new LocalClusterException("local cluster command '" + String.join(" ", arguments) + "' did not finish within "
                        + timeout + ": see the progress lines above for the step that hangs.");
            }
            errorPump.join(5_000);
            outputPump.join(5_000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalClusterException("interrupted while running the local cluster command '" + String.join(" ", arguments) + "'", e);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
        if (process.exitValue() != 0) {
            String tail;
            synchronized (recentErrors) {
                tail = String.join("\n", recentErrors);
            }
            throw new LocalClusterException("local cluster command '" + String.join(" ", arguments) + "' failed (exit "
                    + process.exitValue() + "):\n" + tail);
        }
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    private static Thread daemon(Runnable body) {
        Thread thread = new Thread(body, "local-cluster-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void pump(InputStream stream, Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException ignored) {
            // the process ended; its exit code tells what happened
        }
    }

    private static Path extractScript() {
        try (InputStream in = LocalCluster.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new LocalClusterException("the local cluster script is missing from the classpath: rebuild with 'mvn package'.");
            }
            Path script = Files.createTempFile("kube-ops-local-cluster", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            return script;
        } catch (IOException e) {
            throw new LocalClusterException("cannot write the local cluster script to a temp file: " + e.getMessage(), e);
        }
    }
}
