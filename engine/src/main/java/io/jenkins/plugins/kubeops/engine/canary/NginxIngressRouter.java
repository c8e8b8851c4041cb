package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * ingress-nginx's canary: a copy of the stable Ingress (same hosts and paths) pointing at the canary Service, marked
 * {@code nginx.ingress.kubernetes.io/canary: "true"} with {@code canary-weight} and optionally {@code canary-by-header}
 * (requests carrying the header, with value "always" or the configured value, always reach the canary).
 */
public final class NginxIngressRouter extends WeightedServiceRouter {

    static final String PREFIX = "nginx.ingress.kubernetes.io/";
    static final String CANARY = PREFIX + "canary";
    static final String WEIGHT = PREFIX + "canary-weight";
    static final String BY_HEADER = PREFIX + "canary-by-header";
    static final String BY_HEADER_VALUE = PREFIX + "canary-by-header-value";

    private final RouterSpec.NginxIngress settings;

    public NginxIngressRouter(KubernetesClient client, CanarySpec spec, RouterSpec.NginxIngress settings,
                              CanaryWorkloads workloads, int stableReplicas, Duration timeout) {
        super(client, spec, workloads, stableReplicas, timeout);
        this.settings = settings;
    }

    /** The canary Ingress' name. */
    public String canaryIngress() {
        return settings.ingress() + "-canary";
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    protected String stableService() {
        Set<String> services = backendServices(stableIngress());
        if (services.size() != 1) {
            throw new KubeOpsException("router.nginx.ingress: Ingress " + settings.ingress() + " routes to "
                    + (services.isEmpty() ? "no Service" : "Services " + String.join(", ", services)) + ": the canary needs an "
                    + "Ingress that routes to exactly one Service (the stable version's).");
        }
        return services.iterator().next();
    }

    @Override
    protected String canaryService() {
        return settings.canaryService();
    }

    @Override
    public void prepare(Progress progress) {
        ensureCanaryService(progress);
        apply(canaryCopy(stableIngress(), 0));
        progress.say("canary Ingress " + canaryIngress() + " (copy of " + settings.ingress() + ") sends nothing to "
                + settings.canaryService() + " yet" + settings.canaryByHeader().map(header -> "; requests with header " + header
                + ": " + settings.canaryByHeaderValue().orElse("always") + " always reach the canary").orElse(""));
    }

    @Override
    protected int routedWeight() {
        Ingress canary = client.network().v1().ingresses().inNamespace(spec.namespace()).withName(canaryIngress()).get();
        if (canary == null || canary.getMetadata().getAnnotations() == null) {
            return 0;
        }
        String weight = canary.getMetadata().getAnnotations().get(WEIGHT);
        return weight == null ? 0 : Integer.parseInt(weight);
    }

    @Override
    protected void route(int weight, Progress progress) {
        apply(canaryCopy(stableIngress(), weight));
        progress.say("Ingress " + canaryIngress() + ": canary-weight " + weight);
    }

    @Override
    public void resetToStable(Progress progress) {
        // the header route goes too: an aborted canary gets no requests at all
        Ingress canary = canaryCopy(stableIngress(), 0);
        canary.getMetadata().getAnnotations().remove(BY_HEADER);
        canary.getMetadata().getAnnotations().remove(BY_HEADER_VALUE);
        apply(canary);
        progress.say("Ingress " + canaryIngress() + ": canary-weight 0, no header route");
    }

    @Override
    public void cleanup(Progress progress) {
        client.network().v1().ingresses().inNamespace(spec.namespace()).withName(canaryIngress()).delete();
        deleteCanaryService();
        progress.say("canary Ingress " + canaryIngress() + " and Service " + settings.canaryService() + " removed");
    }

    /** The canary Ingress for {@code weight}: the stable Ingress' rules with the canary Service as every backend. */
    Ingress canaryCopy(Ingress stable, int weight) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (stable.getMetadata().getAnnotations() != null) {
            stable.getMetadata().getAnnotations().forEach((key, value) -> {
                if (!key.startsWith("kubectl.kubernetes.io/") && !key.startsWith(PREFIX + "canary")) {
                    annotations.put(key, value);
                }
            });
        }
        annotations.put(CANARY, "true");
        annotations.put(WEIGHT, Integer.toString(weight));
        settings.canaryByHeader().ifPresent(header -> annotations.put(BY_HEADER, header));
        settings.canaryByHeaderValue().ifPresent(value -> annotations.put(BY_HEADER_VALUE, value));
        Ingress copy = new IngressBuilder().withApiVersion("networking.k8s.io/v1").withKind("Ingress").withNewMetadata()
                .withName(canaryIngress()).withNamespace(spec.namespace()).withAnnotations(annotations)
                .addToLabels(CanaryWorkloads.CANARY_OF_LABEL, spec.deployment())
                .addToLabels(CanaryWorkloads.MANAGED_BY, "kube-ops").endMetadata()
                .withSpec(new IngressBuilder(stable).build().getSpec()).build();
        if (copy.getSpec().getDefaultBackend() != null) {
            retarget(copy.getSpec().getDefaultBackend());
        }
        if (copy.getSpec().getRules() != null) {
            for (IngressRule rule : copy.getSpec().getRules()) {
                if (rule.getHttp() != null) {
                    rule.getHttp().getPaths().stream().map(HTTPIngressPath::getBackend).forEach(this::retarget);
                }
            }
        }
        return copy;
    }

    private void retarget(IngressBackend backend) {
        if (backend.getService() != null) {
            backend.getService().setName(settings.canaryService());
        }
    }

    private Ingress stableIngress() {
        Ingress stable = client.network().v1().ingresses().inNamespace(spec.namespace()).withName(settings.ingress()).get();
        if (stable == null) {
            throw new KubeOpsException("router.nginx.ingress: Ingress " + spec.namespace() + "/" + settings.ingress()
                    + " does not exist: create the stable version's Ingress first, or fix the name.");
        }
        return stable;
    }

    static Set<String> backendServices(Ingress ingress) {
        Set<String> services = new TreeSet<>();
        if (ingress.getSpec().getDefaultBackend() != null && ingress.getSpec().getDefaultBackend().getService() != null) {
            services.add(ingress.getSpec().getDefaultBackend().getService().getName());
        }
        if (ingress.getSpec().getRules() != null) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                if (rule.getHttp() != null) {
                    for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                        if (path.getBackend().getService() != null) {
                            services.add(path.getBackend().getService().getName());
                        }
                    }
                }
            }
        }
        return services;
    }

    private void apply(Ingress ingress) {
        client.network().v1().ingresses().inNamespace(spec.namespace()).resource(ingress)
                .fieldManager(CanaryWorkloads.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
