package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * kubeDelivery: the delivery pipeline in one call. Staging: the release deployed to the staging clusters (deployRelease's
 * ReleaseDeployment; atomic, so a failed rollout is rolled back there). Canary: the new version as a canary in production
 * (CanaryRelease: pauses are inputs; a failed analysis rolls it back and fails the build). Promote: after the canary's
 * promotion the release is deployed to production, so that its revision, its other objects and its history match what runs.
 * Aborts and timeouts propagate from every stage (a running canary is rolled back first): the build ends ABORTED.
 */
class KubeDelivery implements Serializable {

    private static final long serialVersionUID = 1L

    /** Release arguments, passed to the staging and production deployments as deployRelease takes them. */
    static final List<String> RELEASE_ARGUMENTS = ['release', 'namespace', 'templates', 'files', 'chart', 'values', 'set', 'atomic',
                                                   'timeout'].asImmutable()

    static final Map<String, String> ARGUMENTS = [
            release          : 'release name (required)',
            namespace        : 'namespace of the release (required)',
            templates        : 'template directory — or files, or chart',
            files            : 'plain manifest files or directories — or templates, or chart',
            chart            : 'Helm chart directory — or templates, or files',
            values           : 'values files, later ones win',
            set              : "value overrides, e.g. ['image.tag=1.2.3']",
            atomic           : 'roll a failed deploy back to the previous revision (default true)',
            timeout          : "overall limit per cluster deployment, e.g. '10m' (default '10m')",
            staging          : 'staging cluster name or list of names (required)',
            production       : 'production cluster name (required)',
            canary           : 'canary spec for production as a map: target, images, steps ... (required)',
            approveProduction: 'ask (input) before the canary starts in production (default false)',
            submitter        : 'who may answer the inputs: user or group names, comma-separated',
    ].asImmutable()

    final Map args

    KubeDelivery(Map args) {
        this.args = args
    }

    /** Every problem with the arguments, checked with the stages' own rules before anything is deployed. */
    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        if (args.containsKey('approveProduction') && !(args.approveProduction instanceof Boolean)) {
            errors << "approveProduction must be true or false, not '${args.approveProduction}'".toString()
        }
        KubeDelivery delivery = new KubeDelivery(args)
        errors.addAll(ReleaseDeployment.argumentErrors(delivery.deployArguments('staging')).collect { "staging: ${it}".toString() })
        if (!(args.production instanceof CharSequence) || !args.production.toString().trim()) {
            errors << 'production is required: the Kube Ops cluster name the canary runs in'
        } else {
            errors.addAll(CanaryRelease.argumentErrors(delivery.canaryArguments()).collect { "canary: ${it}".toString() })
        }
        return errors.unique()
    }

    /** Staging, canary, promote; returns [staging: cluster -> kubeDeploy result, canary: report, production: results]. */
    Map run(def steps) {
        Map outcome = [:]
        steps.stage('Staging') {
            outcome.staging = new ReleaseDeployment(deployArguments('staging')).run(steps)
        }
        steps.stage('Canary') {
            if (args.approveProduction == true) {
                Map question = [message: "Staging is done. Start the canary of ${args.release} in ${args.production}?".toString(),
                                ok: 'Start canary']
                if (args.submitter) {
                    question.submitter = args.submitter
                }
                steps.input(question)
            }
            outcome.canary = new CanaryRelease(canaryArguments()).run(steps)
        }
        steps.stage('Promote') {
            outcome.production = new ReleaseDeployment(deployArguments('production')).run(steps)
        }
        return outcome
    }

    /** deployRelease's arguments for the staging clusters or the production cluster. */
    @NonCPS
    Map deployArguments(String where) {
        Map deploy = args.subMap(RELEASE_ARGUMENTS.findAll { args.containsKey(it) })
        deploy.clusters = where == 'staging' ? args.staging : args.production
        return deploy
    }

    /**
     * CanaryRelease's arguments. The canary's Deployment belongs to the release in production, so the spec names it as
     * target.release (unless it names one): production's release history then records the promoted or rolled-back canary.
     */
    @NonCPS
    Map canaryArguments() {
        def spec = args.canary
        if (spec instanceof Map && spec.target instanceof Map && !spec.target.containsKey('release')) {
            spec = new LinkedHashMap(spec)
            spec.target = new LinkedHashMap(spec.target as Map) + [release: args.release]
        }
        Map canary = [cluster: args.production, namespace: args.namespace, spec: spec]
        if (args.submitter) {
            canary.submitter = args.submitter
        }
        return canary
    }
}
