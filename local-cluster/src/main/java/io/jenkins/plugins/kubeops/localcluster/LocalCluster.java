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
        List<String> output = run(List.of("start", name, Integer.toString(defaultNodes)), timeout, progress);
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
        List<String> output = run(List.of("build"), timeout, progress);
        return Path.of(output.get(output.size() - 1).trim());
    }

    private static List<String> run(List<String> arguments, Duration timeout, Consumer<String> progress) {
        Path script = extractScript();
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(script.toString());
        command.addAll(arguments);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
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
