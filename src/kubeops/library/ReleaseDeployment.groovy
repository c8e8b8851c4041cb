package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * The arguments of deployRelease, checked, turned into kubeDeploy step arguments per cluster, and the per-cluster
 * outcomes summarised. Pure: no steps, tested directly.
 */
class ReleaseDeployment implements Serializable {

    private static final long serialVersionUID = 1L

    static final Map<String, String> ARGUMENTS = [
            release     : 'release name (required)',
            namespace   : 'namespace of the release (required)',
            clusters    : "Kube Ops cluster name or list of names (required), e.g. ['prod-eu', 'prod-us']",
            templates   : 'template directory (templates/, values.yaml, values.schema.json) — or files, or chart',
            files       : 'plain manifest files or directories — or templates, or chart',
            chart       : 'Helm chart directory — or templates, or files',
            values      : 'values files, later ones win',
            set         : "value overrides, e.g. ['image.tag=1.2.3']",
            atomic      : 'roll a failed deploy back to the previous revision (default true)',
            dryRun      : 'show the plan and diff, change nothing (default false)',
            timeout     : "overall limit per cluster, e.g. '10m' (default '10m')",
            parallel    : 'deploy to all clusters at once (default false: one after another)',
            failFast    : 'stop after the first failing cluster (default true)',
    ].asImmutable()

    /** Passed through to kubeDeploy unchanged when given. */
    private static final List<String> PASSED = ['templates', 'files', 'chart', 'values', 'set', 'dryRun', 'timeout']

    final Map args

    ReleaseDeployment(Map args) {
        this.args = args
    }

    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { String unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        ['release', 'namespace'].each { String name ->
            if (!(args[name] instanceof CharSequence) || !args[name].toString().trim()) {
                errors << "${name} is required".toString()
            }
        }
        if (!clusterList(args)) {
            errors << "clusters is required: a Kube Ops cluster name or a list of them, e.g. clusters: ['prod-eu']"
        }
        List<String> sources = ['templates', 'files', 'chart'].findAll { args.containsKey(it) }
        if (sources.size() != 1) {
            errors << "give exactly one of templates, files or chart (got ${sources ? sources.join(', ') : 'none'})".toString()
        }
        ['values', 'set', 'files'].each { String name ->
            if (args.containsKey(name) && !(args[name] instanceof List)) {
                errors << "${name} must be a list, e.g. ${name}: ['...']".toString()
            }
        }
        return errors
    }

    @NonCPS
    static List<String> clusterList(Map args) {
        def clusters = args.clusters
        if (clusters instanceof CharSequence) {
            return clusters.toString().trim() ? [clusters.toString().trim()] : []
        }
        return clusters instanceof List ? clusters.collect { it.toString() }.findAll { it.trim() } : []
    }

    @NonCPS
    List<String> clusters() {
        clusterList(args)
    }

    @NonCPS
    boolean parallel() {
        args.parallel == true
    }

    @NonCPS
    boolean failFast() {
        args.failFast != false
    }

    /**
     * The kubeDeploy arguments for one cluster. Atomic by default: a pipeline should not leave a half-rolled-out release.
     * failOnError false: the step returns failed results, so every cluster's outcome and evidence is reported before the
     * build fails.
     */
    @NonCPS
    Map stepArguments(String cluster) {
        Map step = [cluster: cluster, release: args.release, namespace: args.namespace, atomic: args.atomic != false,
                    failOnError: false]
        PASSED.each { String name ->
            if (args.containsKey(name)) {
                step[name] = args[name]
            }
        }
        return step
    }

    /** One line per cluster for the build log. */
    @NonCPS
    static String describe(String cluster, Map result, String error) {
        if (error != null) {
            return "${cluster}: error: ${error}".toString()
        }
        if (result == null) {
            return "${cluster}: skipped (an earlier cluster failed)".toString()
        }
        String line = "${cluster}: release ${result.release} revision ${result.revision} ${result.status}".toString()
        if ((result.rolledBackTo ?: 0) > 0) {
            line += " (rolled back to revision ${result.rolledBackTo})"
        }
        return line
    }

    @NonCPS
    static boolean succeeded(Map result) {
        result != null && result.status in ['deployed', 'planned']
    }
}
