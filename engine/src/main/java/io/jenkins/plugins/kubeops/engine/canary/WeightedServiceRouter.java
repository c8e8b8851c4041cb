package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Gateway API and ingress-nginx routers share: the canary gets a Service of its own (a copy of the stable Service's
 * ports selecting only canary pods), its pods lack the labels the stable Service selects on, and the router's weight decides
 * the traffic. Stable keeps all its pods; the canary (and baseline) get enough pods for their share
 * ({@link ReplicaSplit#trafficRouted}). Pods come up before traffic moves to them and go after it left.
 */
abstract class WeightedServiceRouter implements TrafficRouter {

    protected final KubernetesClient client;
    protected final CanarySpec spec;
    protected final CanaryWorkloads workloads;
    private final int stableReplicas;
    private final Duration timeout;

    WeightedServiceRouter(KubernetesClient client, CanarySpec spec, CanaryWorkloads workloads, int stableReplicas,
                          Duration timeout) {
        this.client = client;
        this.spec = spec;
        this.workloads = workloads;
        this.stableReplicas = stableReplicas;
        this.timeout = timeout;
    }

    /** The Service that serves the stable version (and the baseline). */
    protected abstract String stableService();

    protected abstract String canaryService();

    /** The weight the router sends to the canary now (0 before the first step). */
    protected abstract int routedWeight();

    /** Points {@code weight} percent of the traffic at the canary Service. */
    protected abstract void route(int weight, Progress progress);

    @Override
    public Set<String> labelsHiddenFromCanary() {
        Map<String, String> selector = stable().getSpec().getSelector();
        return selector == null ? Set.of() : new LinkedHashSet<>(selector.keySet());
    }

    @Override
    public ReplicaSplit setWeight(int weight, Progress progress) {
        ReplicaSplit target = ReplicaSplit.trafficRouted(stableReplicas, weight, spec.baseline());
        if (weight >= routedWeight()) {
            workloads.shift(workloads.current(), target, timeout, progress);
            route(weight, progress);
        } else {
            route(weight, progress);
            workloads.scale(target);
        }
        return target;
    }

    @Override
    public void resetToStable(Progress progress) {
        route(0, progress);
    }

    protected Service stable() {
        Service stable = client.services().inNamespace(spec.namespace()).withName(stableService()).get();
        if (stable == null) {
            throw new KubeOpsException("Service " + spec.namespace() + "/" + stableService() + " does not exist: the router "
                    + "needs the stable version's Service; fix the router settings in the canary spec.");
        }
        return stable;
    }

    /** Creates or updates the canary Service: the stable Service's ports, selecting the canary pods only. */
    protected void ensureCanaryService(Progress progress) {
        Service stable = stable();
        List<ServicePort> ports = stable.getSpec().getPorts().stream().map(port -> new ServicePortBuilder()
                .withName(port.getName()).withPort(port.getPort()).withProtocol(port.getProtocol())
                .withTargetPort(port.getTargetPort()).withAppProtocol(port.getAppProtocol()).build()).toList();
        Service canary = new ServiceBuilder().withApiVersion("v1").withKind("Service").withNewMetadata()
                .withName(canaryService()).withNamespace(spec.namespace())
                .addToLabels(CanaryWorkloads.CANARY_OF_LABEL, spec.deployment())
                .addToLabels(CanaryWorkloads.MANAGED_BY, "kube-ops").endMetadata()
                .withNewSpec().withSelector(workloads.selector(CanaryWorkloads.Role.CANARY)).withPorts(ports).endSpec().build();
        client.services().inNamespace(spec.namespace()).resource(canary).fieldManager(CanaryWorkloads.FIELD_MANAGER)
                .forceConflicts().serverSideApply();
        progress.say("canary Service " + canaryService() + " selects the canary pods (" + ports.size() + " port"
                + (ports.size() == 1 ? "" : "s") + " of " + stableService() + ")");
    }

    protected void deleteCanaryService() {
        client.services().inNamespace(spec.namespace()).withName(canaryService()).delete();
    }
}
