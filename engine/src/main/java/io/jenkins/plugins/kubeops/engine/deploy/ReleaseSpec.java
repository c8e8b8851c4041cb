package io.jenkins.plugins.kubeops.engine.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to deploy: a named release in a namespace, its source and its values.
 *
 * @param valuesFiles YAML files merged over the source's defaults, in order
 * @param setValues   {@code path=value} overrides applied last
 */
public record ReleaseSpec(String name, String namespace, ReleaseSource source, List<Path> valuesFiles, List<String> setValues) {

    public ReleaseSpec {
        Objects.requireNonNull(source, "source");
        valuesFiles = List.copyOf(valuesFiles);
        setValues = List.copyOf(setValues);
        DeployValidation.releaseName(name).throwIfError();
        DeployValidation.namespace(namespace).throwIfError();
    }
}
