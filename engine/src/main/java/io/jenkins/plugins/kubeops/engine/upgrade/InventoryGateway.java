package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place the upgrade reads what a cluster runs: {@code /version}, kubeadm-style control-plane pods and kube-proxy
 * pods in kube-system (where the identity may list them), and every node, read in pages.
 */
public final class InventoryGateway {

    static final long PAGE_SIZE = 500;
    /** Upgrades mark the nodes they cordon ({@link NodeCordon#CORDONED_BY}) with operation ids starting with this. */
    public static final String UPGRADE_OPERATION_PREFIX = "kube-ops-upgrade";

    private final KubernetesClient client;

    public InventoryGateway(KubernetesClient client) {
        this.client = client;
    }

    public ClusterInventory read() {
        try {
            KubeVersion apiserver = KubeVersion.parse(client.getKubernetesVersion().getGitVersion());
            List<Pod> systemPods = systemPods();
            List<ControlPlanePod> controlPlane = new ArrayList<>();
            Map<String, String> proxyImages = new HashMap<>();
            for (Pod pod : systemPods) {
                Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
                Optional<String> node = Optional.ofNullable(pod.getSpec().getNodeName()).filter(n -> !n.isBlank());
                Optional<Component> component = Component.byLabel(labels.getOrDefault("component", ""))
                        .filter(c -> c != Component.KUBELET && c != Component.KUBE_PROXY);
                if (component.isPresent()) {
                    controlPlane.add(new ControlPlanePod(component.get(), pod.getMetadata().getName(), node, image(pod),
                            isReady(pod)));
                } else if ("kube-proxy".equals(labels.get("k8s-app")) && node.isPresent()) {
                    proxyImages.put(node.get(), image(pod));
                }
            }
            List<InventoryNode> nodes = new ArrayList<>();
            for (Node node : nodes()) {
                nodes.add(toInventory(node, proxyImages));
            }
            return new ClusterInventory(client.getMasterUrl().toString(), apiserver, controlPlane, nodes);
        } catch (KubernetesClientException e) {
            throw new KubeOpsException("cannot read the cluster's versions from " + client.getMasterUrl() + ": "
                    + ClusterErrors.explain(e), e);
        }
    }

    static InventoryNode toInventory(Node node, Map<String, String> proxyImages) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of() : node.getMetadata().getAnnotations();
        String name = node.getMetadata().getName();
        boolean controlPlane = labels.containsKey(InventoryNode.CONTROL_PLANE_LABEL)
                || labels.containsKey(InventoryNode.LEGACY_MASTER_LABEL);
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean ours = annotations.getOrDefault(NodeCordon.CORDONED_BY, "").startsWith(UPGRADE_OPERATION_PREFIX);
        String kubelet = "";
        String proxy = "";
        if (node.getStatus() != null && node.getStatus().getNodeInfo() != null) {
            kubelet = node.getStatus().getNodeInfo().getKubeletVersion();
            proxy = node.getStatus().getNodeInfo().getKubeProxyVersion();
        }
        // status.nodeInfo.kubeProxyVersion is deprecated and left empty by newer kubelets: the kube-proxy pod's image says it.
        if ((proxy == null || proxy.isBlank() || KubeVersion.tryParse(proxy).isEmpty()) && proxyImages.containsKey(name)) {
            proxy = KubeVersion.ofImageTag(proxyImages.get(name)).map(KubeVersion::toString).orElse("");
        }
        return new InventoryNode(name, labels, controlPlane, ClusterSummary.isReady(node), unschedulable, ours, kubelet, proxy);
    }

    /**
     * Which disruption budgets the pods on {@code nodes} fall under ({@link BudgetSpread}), read once from all pods and all
     * budgets; {@link BudgetSpread#NONE} when this identity may not list them cluster-wide (the roll then goes in the
     * group's order, which is only slower).
     */
    public BudgetSpread budgetSpread(Collection<String> nodes) {
        try {
            List<Pod> pods = new ArrayList<>();
            String token = null;
            do {
                ListOptions options = new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(token).build();
                PodList page = client.pods().inAnyNamespace().list(options);
                pods.addAll(page.getItems());
                token = page.getMetadata().getContinue() == null || page.getMetadata().getContinue().isEmpty() ? null
                        : page.getMetadata().getContinue();
            } while (token != null);
            return BudgetSpread.of(nodes, pods, client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return BudgetSpread.NONE;
            }
            throw new KubeOpsException("cannot read the pods and disruption budgets of " + client.getMasterUrl() + ": "
                    + ClusterErrors.explain(e), e);
        }
    }

    private List<Pod> systemPods() {
        try {
            return client.pods().inNamespace("kube-system").list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return List.of(); // not visible to this identity: the plan says the controllers were not checked
            }
            throw e;
        }
    }

    private List<Node> nodes() {
        List<Node> all = new ArrayList<>();
        String token = null;
        do {
            ListOptions options = new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(token).build();
            NodeList page = client.nodes().list(options);
            all.addAll(page.getItems());
            String next = page.getMetadata().getContinue();
            token = next == null || next.isEmpty() ? null : next;
        } while (token != null);
        return all;
    }

    private static String image(Pod pod) {
        List<Container> containers = pod.getSpec().getContainers();
        return containers == null || containers.isEmpty() ? "" : containers.get(0).getImage();
    }

    static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }
}
