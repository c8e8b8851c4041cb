import kubeops.library.KubeDelivery

/**
 * The delivery pipeline: deploy to staging, canary in production, promote — or roll back and fail the build; an abort ends
 * it ABORTED. The work is in kubeops.library.KubeDelivery. Help: vars/kubeDelivery.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = KubeDelivery.argumentErrors(args)
    if (argumentErrors) {
        error("kubeDelivery: ${argumentErrors.join('; ')}")
    }
    return new KubeDelivery(args).run(this)
}
