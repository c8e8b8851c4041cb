package io.jenkins.plugins.kubeops.deploy;

import io.jenkins.plugins.kubeops.common.KubeOpsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to deploy: a named release in a namespace, its source and its values.
 *
 * @param valuesFiles YAML files merged over the source's defaults, in order
 * @param setValues   {@code path=value} overrides applied last
 */
public record ReleaseSpec(String name, String namespace, ReleaseSource source, List<Path> valuesFiles, List<String> setValues) {

    /** Leaves room for the ".v12345" suffix of history objects within Kubernetes' 63-character label limit. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");

    public ReleaseSpec {
        Objects.requireNonNull(source, "source");
        valuesFiles = List.copyOf(valuesFiles);
        setValues = List.copyOf(setValues);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new KubeOpsException("release name '" + name + "' is invalid: use lower-case letters, digits and '-', at most "
                    + "53 characters, starting and ending with a letter or digit (e.g. 'web-frontend').");
        }
        if (namespace == null || !Pattern.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", namespace)) {
            throw new KubeOpsException("release namespace '" + namespace + "' is invalid: use a namespace name such as 'team-a'.");
        }
    }
}
