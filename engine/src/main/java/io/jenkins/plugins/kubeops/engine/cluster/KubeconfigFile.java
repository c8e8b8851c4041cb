package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed kubeconfig: which contexts it offers and which one a connection will use.
 *
 * @param source where the kubeconfig came from, for messages: a quoted path, or "credential"
 */
public record KubeconfigFile(String source, List<String> contexts, Optional<String> currentContext) {

    public KubeconfigFile {
        contexts = List.copyOf(contexts);
    }

    public static KubeconfigFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new KubeOpsException("kubeconfig file '" + path + "' does not exist: pass --kubeconfig with an existing "
                    + "file or set KUBECONFIG.");
        }
        String content;
        try {
            content = Files.readString(path);
        } catch (IOException e) {
            throw new KubeOpsException("kubeconfig file '" + path + "' could not be read (" + e.getMessage()
                    + "): check its permissions.", e);
        }
        return parse("'" + path + "'", content);
    }

    /** Parses kubeconfig YAML; {@code source} names it in messages (the content itself never appears in them). */
    public static KubeconfigFile parse(String source, String content) {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = Serialization.unmarshal(content, io.fabric8.kubernetes.api.model.Config.class);
        } catch (RuntimeException e) {
            // The parser's message may quote the content, which can hold credentials: report only the kind of error.
            throw new KubeOpsException("kubeconfig " + source + " could not be read (" + e.getClass().getSimpleName()
                    + "): check that it is kubeconfig YAML, e.g. with 'kubectl config view --kubeconfig FILE'.", e);
        }
        if (parsed == null) {
            throw new KubeOpsException("kubeconfig " + source + " is empty: supply a kubeconfig file.");
        }
        List<String> names = parsed.getContexts() == null ? List.of()
                : parsed.getContexts().stream().map(NamedContext::getName).toList();
        String current = parsed.getCurrentContext();
        return new KubeconfigFile(source, names, Optional.ofNullable(current).filter(c -> !c.isBlank()));
    }

    /**
     * The context a connection uses: the requested one if it exists, else the current one; errors list what is available.
     */
    public String selectContext(Optional<String> requested) {
        if (requested.isPresent()) {
            String name = requested.get();
            if (!contexts.contains(name)) {
                throw new KubeOpsException("context '" + name + "' is not in kubeconfig " + source + ": use one of "
                        + available() + ".");
            }
            return name;
        }
        return currentContext.filter(contexts::contains).orElseThrow(() -> new KubeOpsException(
                "kubeconfig " + source + " has no valid current context: pass --context with one of " + available() + "."));
    }

    private String available() {
        return contexts.isEmpty() ? "(none: the file defines no contexts)" : String.join(", ", contexts);
    }
}
