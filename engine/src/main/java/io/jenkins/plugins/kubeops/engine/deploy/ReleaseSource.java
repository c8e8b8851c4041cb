package io.jenkins.plugins.kubeops.engine.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Where a release's manifests come from. */
public sealed interface ReleaseSource {

    /**
     * A directory with {@code templates/} (Jinja templates; files starting with '_' are partials for include), optional
     * {@code values.yaml} (defaults) and optional {@code values.schema.json}.
     */
    record TemplateDirectory(Path directory) implements ReleaseSource {
        public TemplateDirectory {
            Objects.requireNonNull(directory, "directory");
        }
    }

    /** Plain YAML files or directories of them (*.yaml, *.yml), taken as they are. */
    record ManifestFiles(List<Path> paths) implements ReleaseSource {
        public ManifestFiles {
            paths = List.copyOf(paths);
        }
    }

    /** A Helm chart directory or archive, rendered to manifests by Helm itself (helm-java); Kube Ops then applies them. */
    record HelmChart(Path chart) implements ReleaseSource {
        public HelmChart {
            Objects.requireNonNull(chart, "chart");
        }
    }
}
