package io.jenkins.plugins.kubeops.jenkins.etcd;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdSettingsValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * etcd clusters and backup stores, in Manage Jenkins » System » Kube Ops etcd backups and in JCasC as
 * {@code unclassified: kubeOpsEtcd: clusters: [...] stores: [...]}. Its own configuration, apart from the Kubernetes
 * clusters of {@code KubeOpsConfiguration}: an etcd cluster is reached directly, not through an API server.
 */
@Extension
@Symbol("kubeOpsEtcd")
public final class EtcdBackupConfiguration extends GlobalConfiguration {

    private List<EtcdClusterConfig> clusters = new ArrayList<>();
    private List<EtcdStoreConfig> stores = new ArrayList<>();

    public EtcdBackupConfiguration() {
        load();
    }

    public static EtcdBackupConfiguration get() {
        return ExtensionList.lookupSingleton(EtcdBackupConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Kube Ops etcd backups";
    }

    public List<EtcdClusterConfig> getClusters() {
        return clusters == null ? List.of() : List.copyOf(clusters);
    }

    @DataBoundSetter
    public void setClusters(List<EtcdClusterConfig> clusters) {
        List<EtcdClusterConfig> checked = clusters == null ? List.of() : List.copyOf(clusters);
        Validation unique = EtcdSettingsValidation.uniqueNames("etcd cluster", checked.stream().map(EtcdClusterConfig::getName).toList());
        if (unique.isError()) {
            throw new IllegalArgumentException(unique.message());
        }
        this.clusters = new ArrayList<>(checked);
        save();
    }

    public List<EtcdStoreConfig> getStores() {
        return stores == null ? List.of() : List.copyOf(stores);
    }

    @DataBoundSetter
    public void setStores(List<EtcdStoreConfig> stores) {
        List<EtcdStoreConfig> checked = stores == null ? List.of() : List.copyOf(stores);
        Validation unique = EtcdSettingsValidation.uniqueNames("Store", checked.stream().map(EtcdStoreConfig::getName).toList());
        if (unique.isError()) {
            throw new IllegalArgumentException(unique.message());
        }
        this.stores = new ArrayList<>(checked);
        save();
    }

    public Optional<EtcdClusterConfig> findCluster(String name) {
        String wanted = name == null ? "" : name.trim();
        return getClusters().stream().filter(c -> c.getName().equals(wanted)).findFirst();
    }

    public Optional<EtcdStoreConfig> findStore(String name) {
        String wanted = name == null ? "" : name.trim();
        return getStores().stream().filter(s -> s.getName().equals(wanted)).findFirst();
    }

    /** Binds both lists explicitly, so that deleting the last entry of either list is saved (see KubeOpsConfiguration). */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<EtcdClusterConfig> submittedClusters = req.bindJSONToList(EtcdClusterConfig.class, json.get("clusters"));
        List<EtcdStoreConfig> submittedStores = req.bindJSONToList(EtcdStoreConfig.class, json.get("stores"));
        Validation clusterNames = EtcdSettingsValidation.uniqueNames("etcd cluster",
                submittedClusters.stream().map(EtcdClusterConfig::getName).toList());
        if (clusterNames.isError()) {
            throw new FormException(clusterNames.message(), "clusters");
        }
        Validation storeNames = EtcdSettingsValidation.uniqueNames("Store", submittedStores.stream().map(EtcdStoreConfig::getName).toList());
        if (storeNames.isError()) {
            throw new FormException(storeNames.message(), "stores");
        }
        for (EtcdStoreConfig store : submittedStores) {
            Validation kind = EtcdStoreConfig.kind(store.getDirectory(), store.getBucket());
            if (kind.isError()) {
                throw new FormException("Store '" + store.getName() + "': " + kind.message(), "stores");
            }
        }
        setClusters(submittedClusters);
        setStores(submittedStores);
        return true;
    }
}
