package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.Conflicts;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights of an existing Gateway API HTTPRoute: in every rule that sends traffic to the stable Service, the stable backendRef
 * gets {@code 100 - weight} and a backendRef to the canary Service gets {@code weight}. Cleanup removes the canary backendRef
 * and gives the stable one its original weight back.
 */
public final class GatewayApiRouter extends WeightedServiceRouter {

    static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
            .withNamespaced(true).build();
    /** Where the stable backendRef's weight before the canary is kept (absent: it had none). */
    static final String ORIGINAL_WEIGHT = "kube-ops.io/canary-stable-weight";

    private final RouterSpec.GatewayApi settings;

    public GatewayApiRouter(KubernetesClient client, CanarySpec spec, RouterSpec.GatewayApi settings, CanaryWorkloads workloads,
                            int stableReplicas, Duration timeout) {
        super(client, spec, workloads, stableReplicas, timeout);
        this.settings = settings;
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    protected String stableService() {
        return settings.stableService();
    }

    @Override
    protected String canaryService() {
        return settings.canaryService();
    }

    @Override
    public void prepare(Progress progress) {
        ensureCanaryService(progress);
        GenericKubernetesResource route = route();
        Map<String, Object> stableRef = stableRefs(route).get(0);
        Map<String, String> annotations = new LinkedHashMap<>(route.getMetadata().getAnnotations() == null ? Map.of()
                : route.getMetadata().getAnnotations());
        if (!annotations.containsKey(ORIGINAL_WEIGHT)) {
            annotations.put(ORIGINAL_WEIGHT, stableRef.get("weight") == null ? "" : String.valueOf(stableRef.get("weight")));
            edit(current -> current.getMetadata().setAnnotations(annotations));
        }
    }

    @Override
    protected int routedWeight() {
        for (Map<String, Object> ref : refs(route())) {
            if (settings.canaryService().equals(ref.get("name")) && ref.get("weight") instanceof Number weight) {
                return weight.intValue();
            }
        }
        return 0;
    }

    @Override
    protected void route(int weight, Progress progress) {
        edit(route -> weigh(route, weight));
        progress.say("HTTPRoute " + settings.httpRoute() + ": " + settings.stableService() + " " + (100 - weight) + ", "
                + settings.canaryService() + " " + weight);
    }

    @Override
    public void cleanup(Progress progress) {
        GenericKubernetesResource current = client.genericKubernetesResources(HTTP_ROUTE).inNamespace(spec.namespace())
                .withName(settings.httpRoute()).get();
        if (current != null) {
            edit(this::restore);
        }
        deleteCanaryService();
        progress.say("HTTPRoute " + settings.httpRoute() + " sends everything to " + settings.stableService() + " again; "
                + "canary Service " + settings.canaryService() + " removed");
    }

    /** In every rule that reaches the stable Service: stable gets {@code 100 - weight}, a canary backendRef {@code weight}. */
    void weigh(GenericKubernetesResource route, int weight) {
        for (Map<String, Object> rule : rules(route)) {
            List<Map<String, Object>> refs = backendRefs(rule);
            if (refs.stream().noneMatch(this::isStable)) {
                continue;
            }
            refs.removeIf(ref -> settings.canaryService().equals(ref.get("name")));
            for (Map<String, Object> ref : refs) {
                if (isStable(ref)) {
                    ref.put("weight", 100 - weight);
                }
            }
            Map<String, Object> canary = new LinkedHashMap<>();
            canary.put("name", settings.canaryService());
            canary.put("port", settings.port());
            canary.put("weight", weight);
            refs.add(canary);
        }
    }

    /** Removes the canary backendRefs and gives the stable ones the weight they had before the canary. */
    void restore(GenericKubernetesResource route) {
        String original = route.getMetadata().getAnnotations() == null ? null
                : route.getMetadata().getAnnotations().remove(ORIGINAL_WEIGHT);
        for (Map<String, Object> rule : rules(route)) {
            List<Map<String, Object>> refs = backendRefs(rule);
            refs.removeIf(ref -> settings.canaryService().equals(ref.get("name")));
            for (Map<String, Object> ref : refs) {
                if (isStable(ref)) {
                    if (original == null || original.isEmpty()) {
                        ref.remove("weight");
                    } else {
                        ref.put("weight", Integer.parseInt(original));
                    }
                }
            }
        }
    }

    private GenericKubernetesResource route() {
        GenericKubernetesResource route;
        try {
            route = client.genericKubernetesResources(HTTP_ROUTE).inNamespace(spec.namespace()).withName(settings.httpRoute()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new KubeOpsException("the cluster has no Gateway API HTTPRoute kind (gateway.networking.k8s.io/v1): "
                        + "install the Gateway API CRDs, or use router replicaRatio or nginx.", e);
            }
            throw e;
        }
        if (route == null) {
            throw new KubeOpsException("router.gatewayApi.httpRoute: HTTPRoute " + spec.namespace() + "/" + settings.httpRoute()
                    + " does not exist: create it with a backendRef to " + settings.stableService() + ", or fix the name.");
        }
        return route;
    }

    private List<Map<String, Object>> stableRefs(GenericKubernetesResource route) {
        List<Map<String, Object>> stable = refs(route).stream().filter(this::isStable).toList();
        if (stable.isEmpty()) {
            throw new KubeOpsException("router.gatewayApi.stableService: HTTPRoute " + settings.httpRoute() + " has no backendRef "
                    + "to Service " + settings.stableService() + ": add one (the canary's weight is split off it), or fix the name.");
        }
        return stable;
    }

    private void edit(java.util.function.Consumer<GenericKubernetesResource> change) {
        // a gateway controller or a person may write the route too: a conflicting write is read again and redone
        Conflicts.retry(() -> client.genericKubernetesResources(HTTP_ROUTE).inNamespace(spec.namespace())
                .withName(settings.httpRoute()).edit(route -> {
                    change.accept(route);
                    return route;
                }));
    }

    private boolean isStable(Map<String, Object> ref) {
        Object kind = ref.get("kind");
        Object group = ref.get("group");
        return settings.stableService().equals(ref.get("name")) && (kind == null || "Service".equals(kind))
                && (group == null || "".equals(group));
    }

    private List<Map<String, Object>> refs(GenericKubernetesResource route) {
        List<Map<String, Object>> all = new ArrayList<>();
        rules(route).forEach(rule -> all.addAll(backendRefs(rule)));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource route) {
        Object spec = route.getAdditionalProperties().get("spec");
        Object rules = spec instanceof Map<?, ?> map ? map.get("rules") : null;
        return rules instanceof List<?> list ? (List<Map<String, Object>>) list : new ArrayList<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> backendRefs(Map<String, Object> rule) {
        Object refs = rule.get("backendRefs");
        if (refs instanceof List<?> list) {
            return (List<Map<String, Object>>) list;
        }
        return new ArrayList<>(); // a rule without backends (e.g. a redirect): nothing to weigh, nothing to change
    }
}
