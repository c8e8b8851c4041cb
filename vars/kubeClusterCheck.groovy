import kubeops.library.ClusterReport

/**
 * Fails the build unless a configured cluster answers, has enough Ready nodes and is not over-requested.
 * Returns the kubeClusterInfo map. Help: vars/kubeClusterCheck.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = ClusterReport.argumentErrors(args)
    if (argumentErrors) {
        error("kubeClusterCheck: ${argumentErrors.join('; ')}")
    }
    Map info = kubeClusterInfo(cluster: args.cluster)
    ClusterReport report = new ClusterReport(info, args)
    echo(report.summary())
    List<String> problems = report.problems()
    if (problems) {
        error("kubeClusterCheck: cluster '${args.cluster}' ${problems.join('; ')}")
    }
    return info
}
