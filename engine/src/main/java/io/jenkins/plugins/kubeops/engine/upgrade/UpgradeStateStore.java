package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The upgrade's state in the cluster: one ConfigMap in kube-system. Every change is read-modify-write with the object's
 * resourceVersion, retried on conflict, so a {@code pause} or {@code abort} written by another process is never lost.
 */
public final class UpgradeStateStore {

    public static final String NAMESPACE = "kube-system";
    public static final String DEFAULT_NAME = "kube-ops-upgrade";
    static final String KEY = "state.json";
    private static final int ATTEMPTS = 10;

    private final KubernetesClient client;
    private final String name;

    public UpgradeStateStore(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Optional<UpgradeState> read() {
        return Optional.ofNullable(get()).map(c -> UpgradeStateCodec.decode(c.getData().get(KEY)));
    }

    /** Writes a new upgrade's state, replacing a finished one; refuses when another process wrote meanwhile. */
    public UpgradeState create(UpgradeState state) {
        try {
            ConfigMap current = get();
            ConfigMap next = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                    .addToLabels("app.kubernetes.io/managed-by", "kube-ops").endMetadata()
                    .addToData(KEY, UpgradeStateCodec.encode(state)).build();
            if (current == null) {
                client.configMaps().inNamespace(NAMESPACE).resource(next).create();
            } else {
                next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                client.configMaps().inNamespace(NAMESPACE).resource(next).update();
            }
            return state;
        } catch (KubernetesClientException e) {
            throw failure("write", e);
        }
    }

    /**
     * Applies {@code change} to the stored state and writes it; on a conflict reads again and re-applies. Writes of one
     * process (the nodes of a rolling window) go one after the other, so they only conflict with other processes' writes.
     */
    public synchronized UpgradeState modify(UnaryOperator<UpgradeState> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                ConfigMap current = get();
                if (current == null) {
                    throw new KubeOpsException("the upgrade state ConfigMap " + NAMESPACE + "/" + name + " is gone: someone "
                            + "deleted it while the upgrade ran; check the nodes' versions with 'kube-ops upgrade status'.");
                }
                UpgradeState next = change.apply(UpgradeStateCodec.decode(current.getData().get(KEY)));
                current.getData().put(KEY, UpgradeStateCodec.encode(next));
                client.configMaps().inNamespace(NAMESPACE).resource(current).update();
                return next;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw failure("update", e);
                }
            }
        }
    }

    private ConfigMap get() {
        try {
            return client.configMaps().inNamespace(NAMESPACE).withName(name).get();
        } catch (KubernetesClientException e) {
            throw failure("read", e);
        }
    }

    private KubeOpsException failure(String what, KubernetesClientException e) {
        return new KubeOpsException("cannot " + what + " the upgrade state ConfigMap " + NAMESPACE + "/" + name + ": "
                + ClusterErrors.explain(e), e);
    }
}
