import kubeops.library.ClusterUpgrade

/**
 * Upgrades a cluster's Kubernetes: plan, approval, verified snapshot, control plane, nodes (canary, then a window); resumable; an abort or
 * failure uncordons what it cordoned and propagates. The work is in kubeops.library.ClusterUpgrade. Help: vars/clusterUpgrade.txt.
 */
def call(Map args = [:], Closure upgradeNode = null) {
    List<String> argumentErrors = ClusterUpgrade.argumentErrors(args, upgradeNode != null)
    if (argumentErrors) {
        error("clusterUpgrade: ${argumentErrors.join('; ')}")
    }
    return new ClusterUpgrade(args, upgradeNode).run(this)
}
