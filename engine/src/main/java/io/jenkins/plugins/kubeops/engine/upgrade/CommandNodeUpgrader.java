package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Upgrades nodes by running a command per node ({@link CommandTemplate}), the CLI's way: e.g.
 * {@code ssh {node} sudo /usr/local/sbin/upgrade-kubelet {version}}. The command's output is streamed as progress lines;
 * a non-zero exit or a timeout fails the node with the command's last lines.
 */
public final class CommandNodeUpgrader implements NodeUpgrader {

    static final int KEPT_LINES = 15;

    private final CommandTemplate kubeletCommand;
    private final Optional<CommandTemplate> controlPlaneCommand;
    private final Duration timeout;

    public CommandNodeUpgrader(CommandTemplate kubeletCommand, Optional<CommandTemplate> controlPlaneCommand, Duration timeout) {
        this.kubeletCommand = kubeletCommand;
        this.controlPlaneCommand = controlPlaneCommand;
        this.timeout = timeout;
    }

    @Override
    public void upgradeControlPlane(String node, KubeVersion target, Progress progress) throws InterruptedException {
        CommandTemplate command = controlPlaneCommand.orElseThrow(() -> new KubeOpsException("no control-plane command was "
                + "given, so the control plane cannot be upgraded: pass one, e.g. --control-plane-command 'ssh {node} sudo "
                + "kubeadm upgrade apply -y {version}' (or upgrade it yourself and run the upgrade again)."));
        run(command.render(node, target), node == null ? "control plane" : node, progress);
    }

    @Override
    public void upgradeKubelet(String node, KubeVersion target, Progress progress) throws InterruptedException {
        run(kubeletCommand.render(node, target), node, progress);
    }

    void run(List<String> command, String label, Progress progress) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new KubeOpsException("cannot run '" + command.get(0) + "' for " + label + " (" + e.getMessage()
                    + "): check the command and the PATH.", e);
        }
        Deque<String> lastLines = new ArrayDeque<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lastLines) {
                        if (lastLines.size() == KEPT_LINES) {
                            lastLines.removeFirst();
                        }
                        lastLines.addLast(line);
                    }
                    progress.say("[" + label + "] " + line);
                }
            } catch (IOException ignored) {
                // the process ended; its exit code says how
            }
        }, "kube-ops-node-command-" + label);
        pump.setDaemon(true);
        pump.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroy(process);
                throw new KubeOpsException("the node command for " + label + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped" + tail(lastLines));
            }
            pump.join(5_000);
        } catch (InterruptedException e) {
            destroy(process);
            throw e;
        }
        if (process.exitValue() != 0) {
            throw new KubeOpsException("the node command for " + label + " exited with " + process.exitValue() + tail(lastLines));
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String tail(Deque<String> lines) {
        synchronized (lines) {
            return lines.isEmpty() ? " (no output)." : "; its last lines:\n  " + String.join("\n  ", lines);
        }
    }
}
