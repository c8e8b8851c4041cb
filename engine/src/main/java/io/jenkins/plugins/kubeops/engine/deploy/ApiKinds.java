package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The discovery gateway: which kinds the cluster serves, and whether they are namespaced — asked once per API group
 * version and remembered until {@link #forget} (after CRDs of the release are established). Also what a chart sees as
 * {@code .Capabilities}: the server's version and every served API version, as {@code helm install} reads them.
 */
public final class ApiKinds {

    private final KubernetesClient client;
    private final Map<String, Map<String, KindInfo>> byGroupVersion = new HashMap<>();
    /** Per group version, every kind it lists, subresource kinds (Scale, Eviction, ...) included, as Helm counts them. */
    private final Map<String, Set<String>> allKindsByGroupVersion = new HashMap<>();

    public ApiKinds(KubernetesClient client) {
        this.client = client;
    }

    public Optional<KindInfo> find(String apiVersion, String kind) {
        return Optional.ofNullable(kinds(apiVersion).get(kind));
    }

    /**
     * Discovers the API versions not known yet side by side, one request each, so that a release's lookups do not ask
     * one after another. A version that is not served or does not answer is left to {@link #find}, which reports it.
     */
    public void prefetch(Collection<String> apiVersions) {
        List<String> missing;
        synchronized (this) {
            missing = apiVersions.stream().distinct().filter(apiVersion -> !byGroupVersion.containsKey(apiVersion)).toList();
        }
        List<Map.Entry<String, Optional<APIResourceList>>> lists = Parallel.map(missing,
                apiVersion -> Map.entry(apiVersion, resourcesIfAnswered(apiVersion)));
        synchronized (this) {
            lists.forEach(entry -> entry.getValue().ifPresent(list -> byGroupVersion.computeIfAbsent(entry.getKey(),
                    apiVersion -> remember(apiVersion, list))));
        }
    }

    public synchronized void forget(String apiVersion) {
        byGroupVersion.remove(apiVersion);
    }

    /** The server's version as it reports it ({@code v1.36.4}, {@code v1.29.3-eks-adc7111}). */
    public String serverVersion() {
        return client.getKubernetesVersion().getGitVersion();
    }

    /**
     * Every API version the server serves, as Helm's {@code .Capabilities.APIVersions} holds them: each group version
     * ({@code apps/v1}) and each group version with a kind it serves ({@code apps/v1/Deployment}). The resource lists are
     * read in parallel and remembered for {@link #find}.
     */
    public synchronized Set<String> servedApiVersions() {
        List<String> groupVersions = new ArrayList<>(client.getAPIVersions().getVersions());
        for (APIGroup group : client.getApiGroups().getGroups()) {
            for (GroupVersionForDiscovery version : group.getVersions()) {
                groupVersions.add(version.getGroupVersion());
            }
        }
        List<String> missing = groupVersions.stream().filter(gv -> !byGroupVersion.containsKey(gv)).distinct().toList();
        List<Map.Entry<String, Optional<APIResourceList>>> lists = Parallel.map(missing, gv -> Map.entry(gv, resourcesIfAnswered(gv)));
        // A group version whose server does not answer (an aggregated API that is down) still counts as served, as for
        // Helm; its kinds are asked again if the release uses one.
        lists.forEach(entry -> entry.getValue().ifPresent(list -> byGroupVersion.put(entry.getKey(), remember(entry.getKey(), list))));
        Set<String> served = new TreeSet<>(groupVersions);
        for (String groupVersion : groupVersions) {
            allKindsByGroupVersion.getOrDefault(groupVersion, Set.of()).forEach(kind -> served.add(groupVersion + "/" + kind));
        }
        return served;
    }

    private synchronized Map<String, KindInfo> kinds(String apiVersion) {
        return byGroupVersion.computeIfAbsent(apiVersion, this::discover);
    }

    private Map<String, KindInfo> discover(String apiVersion) {
        return remember(apiVersion, resources(apiVersion));
    }

    private Optional<APIResourceList> resourcesIfAnswered(String apiVersion) {
        try {
            return Optional.ofNullable(resources(apiVersion));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    private APIResourceList resources(String apiVersion) {
        try {
            return client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null; // the group version is not served (yet)
            }
            throw e;
        }
    }

    private Map<String, KindInfo> remember(String apiVersion, APIResourceList list) {
        Map<String, KindInfo> kinds = new HashMap<>();
        Set<String> allKinds = new TreeSet<>();
        if (list != null) {
            for (APIResource resource : list.getResources()) {
                allKinds.add(resource.getKind());
                if (!resource.getName().contains("/")) { // subresources such as deployments/status
                    kinds.put(resource.getKind(), new KindInfo(apiVersion, resource.getKind(), resource.getName(),
                            Boolean.TRUE.equals(resource.getNamespaced())));
                }
            }
        }
        allKindsByGroupVersion.put(apiVersion, allKinds);
        return kinds;
    }
}
