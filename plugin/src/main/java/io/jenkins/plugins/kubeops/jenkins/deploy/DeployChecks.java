package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code kubeDeploy} arguments that can be checked without the cluster or the workspace, as engine {@link Validation}s
 * for the form checks and the step alike. Every message is the engine's: names and prune kinds are checked by building
 * the engine's own {@link ReleaseSpec} and {@link DeployOptions}, which validate in their constructors. Pure.
 */
final class DeployChecks {

    private DeployChecks() {
    }

    static Validation release(String name) {
        return engine(() -> new ReleaseSpec(trim(name), "default", anySource(), List.of(), List.of()));
    }

    static Validation namespace(String namespace) {
        return engine(() -> new ReleaseSpec("release", trim(namespace), anySource(), List.of(), List.of()));
    }

    static Validation duration(String what, String text) {
        return Durations.check(what, text);
    }

    /** A duration, and not zero: the engine would give up before applying anything. */
    static Validation timeout(String text) {
        Validation duration = Durations.check("timeout", text);
        if (duration.isError() || !Durations.parse("timeout", text).isZero()) {
            return duration;
        }
        return Validation.error("timeout '" + text + "' leaves no time to deploy: use e.g. 10m (the default).");
    }

    static Validation allowPrune(Collection<String> kinds) {
        return engine(() -> DeployOptions.defaults("check").withAllowedPrunes(new LinkedHashSet<>(kinds)));
    }

    /** As the form sends it. */
    static Validation historyLimit(String limit) {
        try {
            return historyLimit(Integer.parseInt(limit == null ? "" : limit.trim()));
        } catch (NumberFormatException e) {
            return Validation.error("historyLimit '" + limit + "' is not a whole number: use e.g. 10 (revisions kept).");
        }
    }

    static Validation historyLimit(int limit) {
        return limit >= 1 ? Validation.ok()
                : Validation.error("historyLimit " + limit + " keeps no revision: use 1 or more (default 10).");
    }

    /** Each line a workspace-relative path; blank lines are ignored. */
    static Validation paths(String what, Collection<String> paths) {
        return engine(() -> paths.stream().filter(path -> !path.isBlank()).forEach(path -> WorkspacePaths.normalize(what, path)));
    }

    private static Validation engine(Runnable check) {
        try {
            check.run();
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    private static Validation engine(Supplier<?> check) {
        return engine((Runnable) check::get);
    }

    private static ReleaseSource anySource() {
        return new ReleaseSource.ManifestFiles(List.of());
    }

    private static String trim(String text) {
        return text == null ? null : text.trim();
    }
}
