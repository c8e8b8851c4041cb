import kubeops.library.ReleaseDeployment

/**
 * Deploys one release to one or more Kube Ops clusters with the kubeDeploy step, in sequence or in parallel, and fails the
 * build if any cluster failed. Returns a map cluster -> kubeDeploy result. Help: vars/deployRelease.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = ReleaseDeployment.argumentErrors(args)
    if (argumentErrors) {
        error("deployRelease: ${argumentErrors.join('; ')}")
    }
    ReleaseDeployment deployment = new ReleaseDeployment(args)
    Map results = [:]
    Map errors = [:]
    Closure deployTo = { String cluster ->
        try {
            results[cluster] = kubeDeploy(deployment.stepArguments(cluster))
        } catch (Exception e) {
            errors[cluster] = e.message
            if (deployment.parallel() && deployment.failFast()) {
                throw e
            }
        }
    }
    if (deployment.parallel()) {
        Map branches = [failFast: deployment.failFast()]
        deployment.clusters().each { String cluster ->
            branches[cluster] = { deployTo(cluster) }
        }
        try {
            parallel(branches)
        } catch (Exception ignored) {
            // each branch recorded its own error
        }
    } else {
        for (String cluster : deployment.clusters()) {
            if (deployment.failFast() && errors) {
                break
            }
            deployTo(cluster)
            if (deployment.failFast() && !ReleaseDeployment.succeeded(results[cluster])) {
                errors[cluster] = errors[cluster] ?: "status ${results[cluster]?.status}"
            }
        }
    }
    deployment.clusters().each { String cluster ->
        echo(ReleaseDeployment.describe(cluster, results[cluster] as Map, errors[cluster] as String))
    }
    List<String> failed = deployment.clusters().findAll { !ReleaseDeployment.succeeded(results[it] as Map) }
    if (failed) {
        error("deployRelease: ${args.release} failed or was skipped on ${failed.join(', ')}")
    }
    return results
}
