package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.Conflicts;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.deploy.KindInfo;
import io.jenkins.plugins.kubeops.engine.deploy.RolloutWaiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gateway to a canary's Deployments: the stable one (the user's), the canary (new images) and the baseline (old images,
 * started fresh for the judge). Canary and baseline are copies of the stable Deployment's pod template with their role in a
 * label; scaling waits for the pods through the deploy engine's {@link RolloutWaiter}.
 */
public final class CanaryWorkloads {

    public static final String ROLE_LABEL = "kube-ops.io/canary-role";
    public static final String CANARY_OF_LABEL = "kube-ops.io/canary-of";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String FIELD_MANAGER = "kube-ops-canary";
    private static final KindInfo DEPLOYMENT = new KindInfo("apps/v1", "Deployment", "deployments", true);
    private static final Set<String> DROPPED_ANNOTATIONS = Set.of("deployment.kubernetes.io/revision",
            "kubectl.kubernetes.io/last-applied-configuration");

    public enum Role {
        CANARY, BASELINE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final KubernetesClient client;
    private final CanarySpec spec;
    private final Clock clock;

    public CanaryWorkloads(KubernetesClient client, CanarySpec spec, Clock clock) {
        this.client = client;
        this.spec = spec;
        this.clock = clock;
    }

    /** The user's Deployment; fails naming the fix when it is missing or does not have the spec's containers. */
    public Deployment stable() {
        Deployment stable = client.apps().deployments().inNamespace(spec.namespace()).withName(spec.deployment()).get();
        if (stable == null) {
            throw new KubeOpsException("Deployment " + spec.target() + " does not exist: deploy the stable version first, or "
                    + "fix target.deployment / target.namespace in the canary spec.");
        }
        Set<String> containers = new TreeSet<>();
        stable.getSpec().getTemplate().getSpec().getContainers().forEach(container -> containers.add(container.getName()));
        for (String container : spec.images().keySet()) {
            if (!containers.contains(container)) {
                throw new KubeOpsException("images." + container + ": Deployment " + spec.target() + " has no container '"
                        + container + "': use one of " + String.join(", ", containers) + ".");
            }
        }
        return stable;
    }

    public String name(Role role) {
        return role == Role.CANARY ? spec.canaryName() : spec.baselineName();
    }

    /** Pod labels that select exactly the pods of {@code role} (for the canary Service and the judge). */
    public Map<String, String> selector(Role role) {
        return Map.of(CANARY_OF_LABEL, spec.deployment(), ROLE_LABEL, role.label());
    }

    /**
     * Creates or updates the canary or baseline Deployment at zero replicas: the stable pod template (new images for the
     * canary) with the role labels. {@code hiddenKeys} are labels left off the pods so that the stable Service does not reach
     * them (traffic routers send traffic to the canary only through its own Service).
     */
    public void prepare(Role role, Deployment stable, Set<String> hiddenKeys) {
        Deployment copy = copy(role, stable, hiddenKeys);
        Deployment current = client.apps().deployments().inNamespace(spec.namespace()).withName(name(role)).get();
        if (current != null && !current.getSpec().getSelector().equals(copy.getSpec().getSelector())) {
            // a selector cannot change: replace a Deployment left by a canary with other settings
            client.apps().deployments().inNamespace(spec.namespace()).withName(name(role)).delete();
            client.apps().deployments().inNamespace(spec.namespace()).withName(name(role))
                    .waitUntilCondition(deployment -> deployment == null, 60, java.util.concurrent.TimeUnit.SECONDS);
        }
        client.apps().deployments().inNamespace(spec.namespace()).resource(copy).fieldManager(FIELD_MANAGER).forceConflicts()
                .serverSideApply();
    }

    Deployment copy(Role role, Deployment stable, Set<String> hiddenKeys) {
        Map<String, String> podLabels = new LinkedHashMap<>(stable.getSpec().getTemplate().getMetadata().getLabels());
        Map<String, String> matchLabels = new LinkedHashMap<>(stable.getSpec().getSelector().getMatchLabels());
        if (role == Role.CANARY) {
            hiddenKeys.forEach(podLabels::remove);
            hiddenKeys.forEach(matchLabels::remove);
        }
        podLabels.putAll(selector(role));
        matchLabels.putAll(selector(role));
        Map<String, String> annotations = new LinkedHashMap<>();
        if (stable.getMetadata().getAnnotations() != null) {
            stable.getMetadata().getAnnotations().forEach((key, value) -> {
                if (!DROPPED_ANNOTATIONS.contains(key)) {
                    annotations.put(key, value);
                }
            });
        }
        Map<String, String> labels = new LinkedHashMap<>(stable.getMetadata().getLabels() == null ? Map.of()
                : stable.getMetadata().getLabels());
        labels.putAll(selector(role));
        labels.put(MANAGED_BY, "kube-ops");
        ObjectMeta meta = new ObjectMetaBuilder().withName(name(role)).withNamespace(spec.namespace()).withLabels(labels)
                .withAnnotations(annotations).build();
        Deployment copy = new DeploymentBuilder().withApiVersion("apps/v1").withKind("Deployment").withMetadata(meta)
                .withSpec(stable.getSpec()).build();
        copy = new DeploymentBuilder(copy).editSpec().withReplicas(0).editSelector().withMatchLabels(matchLabels)
                .withMatchExpressions(stable.getSpec().getSelector().getMatchExpressions()).endSelector()
                .editTemplate().editMetadata().withLabels(podLabels).endMetadata().endTemplate().endSpec().build();
        if (role == Role.CANARY) {
            List<Container> containers = new ArrayList<>();
            for (Container container : copy.getSpec().getTemplate().getSpec().getContainers()) {
                String image = spec.images().get(container.getName());
                containers.add(image == null ? container : new io.fabric8.kubernetes.api.model.ContainerBuilder(container)
                        .withImage(image).build());
            }
            copy.getSpec().getTemplate().getSpec().setContainers(containers);
        }
        return copy;
    }

    /** Scales the stable Deployment, the canary and (when there is one) the baseline. */
    public void scale(ReplicaSplit split) {
        scale(spec.deployment(), split.stable());
        scale(spec.canaryName(), split.canary());
        if (spec.baseline()) {
            scale(spec.baselineName(), split.baseline());
        }
    }

    public void scale(String deployment, int replicas) {
        client.apps().deployments().inNamespace(spec.namespace()).withName(deployment).scale(replicas);
    }

    /** Scales up what grows first, waits for its pods, then scales down what shrinks, so capacity never dips. */
    public void shift(ReplicaSplit from, ReplicaSplit to, Duration timeout, Progress progress) {
        ReplicaSplit grown = new ReplicaSplit(Math.max(from.stable(), to.stable()), Math.max(from.canary(), to.canary()),
                Math.max(from.baseline(), to.baseline()));
        scale(grown);
        awaitAvailable(timeout, progress);
        scale(to);
    }

    public boolean exists(Role role) {
        return client.apps().deployments().inNamespace(spec.namespace()).withName(name(role)).get() != null;
    }

    public ReplicaSplit current() {
        return new ReplicaSplit(replicas(spec.deployment()), replicas(spec.canaryName()),
                spec.baseline() ? replicas(spec.baselineName()) : 0);
    }

    private int replicas(String name) {
        Deployment deployment = client.apps().deployments().inNamespace(spec.namespace()).withName(name).get();
        return deployment == null || deployment.getSpec().getReplicas() == null ? 0 : deployment.getSpec().getReplicas();
    }

    /** Waits until every pod of the stable, canary and baseline Deployments is available (bounded). */
    public void awaitAvailable(Duration timeout, Progress progress) {
        List<RolloutWaiter.Workload> workloads = new ArrayList<>();
        workloads.add(new RolloutWaiter.Workload(DEPLOYMENT, spec.namespace(), spec.deployment()));
        workloads.add(new RolloutWaiter.Workload(DEPLOYMENT, spec.namespace(), spec.canaryName()));
        if (spec.baseline()) {
            workloads.add(new RolloutWaiter.Workload(DEPLOYMENT, spec.namespace(), spec.baselineName()));
        }
        await(workloads, timeout, progress, "the pods of " + spec.target() + " and its canary did not become available "
                + "within rolloutTimeout " + CanarySpec.format(timeout));
    }

    /** The stable Deployment's size and images now (recorded when a canary starts, for an abort to return to). */
    public static CanaryState.Stable snapshot(Deployment stable) {
        Map<String, String> images = new LinkedHashMap<>();
        stable.getSpec().getTemplate().getSpec().getContainers().forEach(container -> images.put(container.getName(),
                container.getImage()));
        return new CanaryState.Stable(stable.getSpec().getReplicas() == null ? 1 : stable.getSpec().getReplicas(), images);
    }

    /**
     * Returns the stable Deployment to its size and, when a promotion had begun to change them, its images (a rollout back);
     * waits until its pods are available.
     */
    public void restoreStable(CanaryState.Stable before, Duration timeout, Progress progress) {
        Deployment current = stable();
        boolean imagesChanged = !before.images().isEmpty() && !snapshot(current).images().equals(before.images());
        if (imagesChanged) {
            progress.say("Deployment " + spec.deployment() + " goes back to " + before.images() + " (a promotion had begun)");
        }
        setStable(before.replicas(), imagesChanged ? before.images() : Map.of());
        await(List.of(new RolloutWaiter.Workload(DEPLOYMENT, spec.namespace(), spec.deployment())), timeout, progress,
                "Deployment " + spec.target() + " did not return to its stable version within rolloutTimeout "
                + CanarySpec.format(timeout));
    }

    private void setStable(int replicas, Map<String, String> images) {
        // the deployment controller writes the Deployment too (revision annotations): a conflict is read again and redone
        Conflicts.retry(() -> client.apps().deployments().inNamespace(spec.namespace()).withName(spec.deployment()).edit(deployment -> {
            DeploymentBuilder builder = new DeploymentBuilder(deployment);
            builder.editSpec().withReplicas(replicas).endSpec();
            Deployment edited = builder.build();
            for (Container container : edited.getSpec().getTemplate().getSpec().getContainers()) {
                String image = images.get(container.getName());
                if (image != null) {
                    container.setImage(image);
                }
            }
            return edited;
        }));
    }

    /** The stable Deployment takes the new images at its original size; waits for its rollout like a deploy does. */
    public void promoteStable(int replicas, Duration timeout, Progress progress) {
        setStable(replicas, spec.images());
        await(List.of(new RolloutWaiter.Workload(DEPLOYMENT, spec.namespace(), spec.deployment())), timeout, progress,
                "promoting: Deployment " + spec.target() + " did not roll out the new images within rolloutTimeout "
                + CanarySpec.format(timeout) + " (the canary keeps serving its share; fix the cause and resume, or abort)");
    }

    private void await(List<RolloutWaiter.Workload> workloads, Duration timeout, Progress progress, String failure) {
        RolloutWaiter.Outcome outcome = new RolloutWaiter(client, clock).await(workloads, clock.instant().plus(timeout),
                progress::say);
        if (!outcome.succeeded()) {
            throw new KubeOpsException(failure + ": " + String.join("; ", outcome.evidence()));
        }
    }
}
