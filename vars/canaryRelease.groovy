import kubeops.library.CanaryRelease

/**
 * Runs a canary with kubeCanary; each pause for a person is a Jenkins input (Promote or Abort). A rolled-back canary fails the
 * build; an abort rolls it back and ends the build ABORTED. The work is in kubeops.library.CanaryRelease.
 * Help: vars/canaryRelease.txt.
 */
def call(Map args = [:]) {
    List<String> argumentErrors = CanaryRelease.argumentErrors(args)
    if (argumentErrors) {
        error("canaryRelease: ${argumentErrors.join('; ')}")
    }
    return new CanaryRelease(args).run(this)
}
