package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery gateway: which kinds the cluster serves, and whether they are namespaced — asked once per API group
 * version and remembered until {@link #forget} (after CRDs of the release are established).
 */
public final class ApiKinds {

    private final KubernetesClient client;
    private final Map<String, Map<String, KindInfo>> byGroupVersion = new HashMap<>();

    public ApiKinds(KubernetesClient client) {
        this.client = client;
    }

    public Optional<KindInfo> find(String apiVersion, String kind) {
        return Optional.ofNullable(kinds(apiVersion).get(kind));
    }

    public void forget(String apiVersion) {
        byGroupVersion.remove(apiVersion);
    }

    private Map<String, KindInfo> kinds(String apiVersion) {
        return byGroupVersion.computeIfAbsent(apiVersion, this::discover);
    }

    private Map<String, KindInfo> discover(String apiVersion) {
        Map<String, KindInfo> kinds = new HashMap<>();
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return kinds; // the group version is not served (yet)
            }
            throw e;
        }
        if (list == null) {
            return kinds;
        }
        for (APIResource resource : list.getResources()) {
            if (!resource.getName().contains("/")) { // subresources such as deployments/status
                kinds.put(resource.getKind(), new KindInfo(apiVersion, resource.getKind(), resource.getName(),
                        Boolean.TRUE.equals(resource.getNamespaced())));
            }
        }
        return kinds;
    }
}
