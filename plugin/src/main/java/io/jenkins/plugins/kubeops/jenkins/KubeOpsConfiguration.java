package io.jenkins.plugins.kubeops.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSettingsValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The clusters Kube Ops knows, in Manage Jenkins » System and in JCasC as {@code unclassified: kubeOps: clusters: [...]}.
 */
@Extension
@Symbol("kubeOps")
public final class KubeOpsConfiguration extends GlobalConfiguration {

    private List<KubeCluster> clusters = new ArrayList<>();

    public KubeOpsConfiguration() {
        load();
    }

    public static KubeOpsConfiguration get() {
        return ExtensionList.lookupSingleton(KubeOpsConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Kube Ops";
    }

    public List<KubeCluster> getClusters() {
        return clusters == null ? List.of() : List.copyOf(clusters);
    }

    /** Also the JCasC entry point, so duplicate names are rejected there too; the message is the engine's. */
    @DataBoundSetter
    public void setClusters(List<KubeCluster> clusters) {
        List<KubeCluster> checked = clusters == null ? List.of() : List.copyOf(clusters);
        Validation unique = uniqueNames(checked);
        if (unique.isError()) {
            throw new IllegalArgumentException(unique.message());
        }
        this.clusters = new ArrayList<>(checked);
        save();
    }

    public Optional<KubeCluster> findCluster(String name) {
        String wanted = name == null ? "" : name.trim();
        return getClusters().stream().filter(cluster -> cluster.getName().equals(wanted)).findFirst();
    }

    public List<String> getClusterNames() {
        return getClusters().stream().map(KubeCluster::getName).toList();
    }

    /**
     * Binds the list explicitly: when the last cluster is deleted the form has no "clusters" key, and the default binding
     * would then keep the old list (see the documentation of f:repeatableProperty).
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<KubeCluster> submitted = req.bindJSONToList(KubeCluster.class, json.get("clusters"));
        Validation unique = uniqueNames(submitted);
        if (unique.isError()) {
            throw new FormException(unique.message(), "clusters");
        }
        setClusters(submitted);
        return true;
    }

    private static Validation uniqueNames(List<KubeCluster> clusters) {
        return ClusterSettingsValidation.uniqueClusterNames(clusters.stream().map(KubeCluster::getName).toList());
    }
}
