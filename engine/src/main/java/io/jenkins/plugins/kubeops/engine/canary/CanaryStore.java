package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.Conflicts;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A canary's state in the cluster, next to its Deployment: a ConfigMap {@code kube-ops-canary-<deployment>} holding the spec
 * (as JSON) and the {@link CanaryState} entries. It also carries requests from other processes (abort, full promotion) to the
 * one driving the canary.
 */
public final class CanaryStore {

    static final String SPEC_KEY = "spec.json";
    static final String REQUEST_KEY = "request";

    /** A canary as stored: its spec and where it stands; {@code request} is a pending abort or promotion from elsewhere. */
    public record Stored(CanarySpec spec, CanaryState state, Optional<String> request) {
    }

    private final KubernetesClient client;

    public CanaryStore(KubernetesClient client) {
        this.client = client;
    }

    public static String name(String deployment) {
        return "kube-ops-canary-" + deployment;
    }

    public Optional<Stored> load(String namespace, String deployment) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name(deployment)).get();
        if (map == null || map.getData() == null) {
            return Optional.empty();
        }
        String where = "ConfigMap " + namespace + "/" + name(deployment);
        String json = map.getData().get(SPEC_KEY);
        if (json == null) {
            throw new KubeOpsException(where + " has no canary spec: delete it after checking the canary's objects by hand.");
        }
        CanarySpec spec = CanarySpecParser.fromYaml(where, json, Optional.of(namespace));
        return Optional.of(new Stored(spec, CanaryStateCodec.decode(where, map.getData()),
                Optional.ofNullable(map.getData().get(REQUEST_KEY))));
    }

    /** Writes spec and state, replacing a finished canary's record; a pending request stays for the driver. */
    public void save(CanarySpec spec, CanaryState state) {
        write(spec, state, false);
    }

    /** Writes spec and state after the driver acted on the pending request, which is removed. */
    public void saveConsumingRequest(CanarySpec spec, CanaryState state) {
        write(spec, state, true);
    }

    private void write(CanarySpec spec, CanaryState state, boolean consumeRequest) {
        Map<String, String> data = new LinkedHashMap<>(CanaryStateCodec.encode(state));
        data.put(SPEC_KEY, Serialization.asJson(spec.document()));
        // 409: a request arrived meanwhile (or another process created the map first): read again and write keeping it
        Conflicts.retry(() -> {
            ConfigMap current = client.configMaps().inNamespace(spec.namespace()).withName(name(spec.deployment())).get();
            if (current == null) {
                client.configMaps().inNamespace(spec.namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName(name(spec.deployment())).withNamespace(spec.namespace())
                        .addToLabels(CanaryWorkloads.CANARY_OF_LABEL, spec.deployment())
                        .addToLabels(CanaryWorkloads.MANAGED_BY, "kube-ops").endMetadata().withData(data).build()).create();
                return;
            }
            Map<String, String> written = new LinkedHashMap<>(data);
            if (!consumeRequest && current.getData() != null && current.getData().containsKey(REQUEST_KEY)) {
                written.put(REQUEST_KEY, current.getData().get(REQUEST_KEY));
            }
            current.setData(written);
            client.configMaps().inNamespace(spec.namespace()).resource(current).update();
        });
    }

    /** Leaves a request (e.g. "abort: reason") for the process driving the canary, which acts on it at its next check. */
    public void request(String namespace, String deployment, String request) {
        // the driver writes the state every second: a conflicting write is read again and redone
        Conflicts.retry(() -> client.configMaps().inNamespace(namespace).withName(name(deployment)).edit(map -> {
            Map<String, String> data = new LinkedHashMap<>(map.getData());
            data.put(REQUEST_KEY, request);
            map.setData(data);
            return map;
        }));
    }
}
