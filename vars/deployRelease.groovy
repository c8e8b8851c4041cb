import kubeops.library.ReleaseDeployment

/**
 * Deploys one release to one or more Kube Ops clusters with the kubeDeploy step, in sequence or in parallel, and fails the
 * build if any cluster failed; an abort or timeout stops it and ends the build ABORTED. Returns a map cluster -> kubeDeploy
 * result. The work is in kubeops.library.ReleaseDeployment. Help: vars/deployRelease.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = ReleaseDeployment.argumentErrors(args)
    if (argumentErrors) {
        error("deployRelease: ${argumentErrors.join('; ')}")
    }
    return new ReleaseDeployment(args).run(this)
}
