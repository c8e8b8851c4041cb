package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Stands in for the engine: records each call with the staged files as the engine would have read them (the copy is
 * deleted afterwards), prints a progress line, and answers with a fixed result. Optionally holds its first call until
 * released, as a deploy under way when Jenkins restarts.
 */
final class FakeDeployer implements ReleaseDeployer {

    /** One call: what the step passed, and the staged files by path relative to the staged workspace. */
    record Call(ClusterConnection connection, ReleaseSpec spec, DeployOptions options, Path stagedWorkspace,
                Map<String, String> files) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch firstCallStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstCall = new CountDownLatch(1);
    private final boolean holdFirstCall;
    private final DeployResult.Outcome outcome;
    private final List<String> evidence;

    private FakeDeployer(boolean holdFirstCall, DeployResult.Outcome outcome, List<String> evidence) {
        this.holdFirstCall = holdFirstCall;
        this.outcome = outcome;
        this.evidence = evidence;
    }

    static FakeDeployer succeeding() {
        return new FakeDeployer(false, DeployResult.Outcome.DEPLOYED, List.of());
    }

    static FakeDeployer failing(String... evidence) {
        return new FakeDeployer(false, DeployResult.Outcome.FAILED, List.of(evidence));
    }

    static FakeDeployer holdingFirstCall() {
        return new FakeDeployer(true, DeployResult.Outcome.DEPLOYED, List.of());
    }

    /** Lets a held first call return; its result must then be dropped (it belongs to a Jenkins that has stopped). */
    void releaseFirstCall() {
        releaseFirstCall.countDown();
    }

    @Override
    public DeployResult deploy(ClusterConnection connection, ReleaseSpec spec, DeployOptions options, Consumer<String> progress) {
        Path stagedWorkspace = stagedWorkspace(spec);
        calls.add(new Call(connection, spec, options, stagedWorkspace, read(stagedWorkspace)));
        progress.accept("fake engine: deploying " + spec.name() + " from " + stagedWorkspace.resolve("k8s"));
        if (holdFirstCall && calls.size() == 1) {
            firstCallStarted.countDown();
            try {
                if (!releaseFirstCall.await(2, TimeUnit.MINUTES)) {
                    throw new AssertionError("the held deploy was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("interrupted", e);
            }
        }
        int revision = calls.size();
        return new DeployResult(spec.name(), spec.namespace(), revision, outcome, List.of("create Deployment/" + spec.name()),
                evidence, 0);
    }

    /** The staged copy's workspace directory: the parent of the first source path named "workspace". */
    private static Path stagedWorkspace(ReleaseSpec spec) {
        Path source = spec.source() instanceof ReleaseSource.ManifestFiles files ? files.paths().get(0)
                : spec.source() instanceof ReleaseSource.TemplateDirectory templates ? templates.directory()
                : ((ReleaseSource.HelmChart) spec.source()).chart();
        Path path = source;
        while (path != null && !path.getFileName().toString().equals("workspace")) {
            path = path.getParent();
        }
        if (path == null) {
            throw new AssertionError("source " + source + " is not in a staged workspace");
        }
        return path;
    }

    private static Map<String, String> read(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    List<String> holders() {
        List<String> holders = new ArrayList<>();
        calls.forEach(call -> holders.add(call.options().holder()));
        return holders;
    }
}
