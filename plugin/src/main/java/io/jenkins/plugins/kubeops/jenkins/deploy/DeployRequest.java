package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployValidation;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One {@code kubeDeploy} call, checked: what to deploy (workspace-relative paths) and how. Kept by the step execution
 * across controller restarts, hence plain serializable fields (no records, no {@link Path}s). Turns into the engine's
 * {@link ReleaseSpec} once the files are staged, and {@link DeployOptions} for the time that is left. Pure: it only
 * reads the step's getters.
 */
final class DeployRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Where the release's files are in the workspace, and which of them the engine reads. */
    enum Kind {
        /** templates/, values.yaml, values.schema.json — what the engine's template renderer reads. */
        TEMPLATES("templates/**/*,values.yaml,values.schema.json", false),
        /** YAML files, or directories searched for them as the engine does (*.yaml, *.yml, *.j2). */
        MANIFESTS("**/*.yaml,**/*.yml,**/*.j2", true),
        /** A Helm chart directory, whole (Chart.yaml, templates, subcharts, files), or a chart archive. */
        CHART("**/*", true),
        /** A values file. */
        VALUES(null, true);

        /** Ant pattern of what is copied from a directory; null when only a file is accepted. */
        final String directoryMask;
        final boolean fileAccepted;

        Kind(String directoryMask, boolean fileAccepted) {
            this.directoryMask = directoryMask;
            this.fileAccepted = fileAccepted;
        }
    }

    /** One path to copy: as written (for messages), normalized ("" is the workspace itself), and what it holds. */
    static final class Entry implements Serializable {
        private static final long serialVersionUID = 1L;
        final String argument;
        final String written;
        final String relative;
        final Kind kind;

        Entry(String argument, String written, Kind kind) {
            this.argument = argument;
            this.written = written;
            this.relative = WorkspacePaths.normalize(argument, written);
            this.kind = kind;
        }
    }

    final String cluster;
    final String release;
    final String namespace;
    private final ArrayList<Entry> source;
    private final ArrayList<Entry> values;
    private final ArrayList<String> set;
    private final ArrayList<String> allowPrune;
    private final boolean dryRun;
    private final boolean force;
    private final boolean atomic;
    private final boolean waitForRollout;
    private final boolean allowEmpty;
    private final int historyLimit;
    final boolean failOnError;
    final long timeoutMillis;
    final long lockWaitMillis;

    private DeployRequest(KubeDeployStep step) {
        cluster = step.getCluster();
        release = step.getRelease();
        namespace = step.getNamespace();
        source = sourceOf(orEmpty(step.getTemplates()), orEmpty(step.getFiles()), orEmpty(step.getChart()));
        values = new ArrayList<>();
        orEmpty(step.getValues()).forEach(file -> values.add(new Entry("values entry", file, Kind.VALUES)));
        set = new ArrayList<>(orEmpty(step.getSet()));
        allowPrune = new ArrayList<>(orEmpty(step.getAllowPrune()));
        dryRun = step.isDryRun();
        force = step.isForce();
        atomic = step.isAtomic();
        waitForRollout = step.isWait();
        allowEmpty = step.isAllowEmpty();
        historyLimit = step.getHistoryLimit();
        failOnError = step.isFailOnError();
        timeoutMillis = Durations.parse("timeout", step.getTimeout()).toMillis();
        lockWaitMillis = Durations.parse("lockWait", step.getLockWait()).toMillis();
    }

    /** Every argument error at once would be noisy; the first one, with its fix, is enough to act on. */
    static DeployRequest of(KubeDeployStep step) {
        if (step.getCluster().isEmpty()) {
            throw new KubeOpsException("cluster is missing: name a cluster configured in Manage Jenkins » System » Kube Ops.");
        }
        for (Validation check : List.of(DeployValidation.releaseName(trim(step.getRelease())),
                DeployValidation.namespace(trim(step.getNamespace())), DeployValidation.timeout("timeout", step.getTimeout()),
                DeployValidation.duration("lockWait", step.getLockWait()),
                DeployValidation.historyLimit("historyLimit", step.getHistoryLimit()),
                DeployValidation.allowedPrunes(orEmpty(step.getAllowPrune())))) {
            check.throwIfError();
        }
        return new DeployRequest(step);
    }

    private static String trim(String text) {
        return text == null ? null : text.trim();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }

    private static ArrayList<Entry> sourceOf(String templates, List<String> files, String chart) {
        List<String> given = new ArrayList<>();
        if (!templates.isEmpty()) {
            given.add("templates");
        }
        if (!files.isEmpty()) {
            given.add("files");
        }
        if (!chart.isEmpty()) {
            given.add("chart");
        }
        if (given.size() != 1) {
            throw new KubeOpsException("give exactly one release source (" + (given.isEmpty() ? "none was given" : "got "
                    + String.join(" and ", given)) + "): templates: 'DIR' (Jinja templates with values.yaml and "
                    + "values.schema.json), files: ['FILE or DIR', ...] (plain YAML) or chart: 'DIR' (a Helm chart).");
        }
        ArrayList<Entry> entries = new ArrayList<>();
        if (!templates.isEmpty()) {
            entries.add(new Entry("templates", templates, Kind.TEMPLATES));
        } else if (!chart.isEmpty()) {
            entries.add(new Entry("chart", chart, Kind.CHART));
        } else {
            files.forEach(file -> entries.add(new Entry("files entry", file, Kind.MANIFESTS)));
        }
        return entries;
    }

    /** The source paths, then the values files: everything to copy from the workspace. */
    List<Entry> workspaceEntries() {
        List<Entry> all = new ArrayList<>(source);
        all.addAll(values);
        return all;
    }

    /** The engine's release, its paths resolved in the staged copy of the workspace. */
    ReleaseSpec toSpec(Path stagedWorkspace) {
        List<Path> sourcePaths = source.stream().map(entry -> stagedWorkspace.resolve(entry.relative)).toList();
        ReleaseSource releaseSource;
        switch (source.get(0).kind) {
            case TEMPLATES:
                releaseSource = new ReleaseSource.TemplateDirectory(sourcePaths.get(0));
                break;
            case CHART:
                releaseSource = new ReleaseSource.HelmChart(sourcePaths.get(0));
                break;
            default:
                releaseSource = new ReleaseSource.ManifestFiles(sourcePaths);
        }
        List<Path> valuesPaths = values.stream().map(entry -> stagedWorkspace.resolve(entry.relative)).toList();
        return new ReleaseSpec(release, namespace, releaseSource, valuesPaths, set);
    }

    DeployOptions toOptions(String holder, DeployDeadline.Budget budget) {
        return new DeployOptions(dryRun, force, atomic, waitForRollout, budget.timeout(), budget.lockWait(),
                new LinkedHashSet<>(allowPrune), allowEmpty, historyLimit, holder);
    }

    Duration timeout() {
        return Duration.ofMillis(timeoutMillis);
    }

    Duration lockWait() {
        return Duration.ofMillis(lockWaitMillis);
    }

    /** For log lines and the flow graph: "release web in team-a on prod-eu". */
    String describe() {
        return "release " + release + " in " + namespace + " on cluster " + cluster;
    }
}
