package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * deployRelease: its arguments, checked and turned into kubeDeploy arguments per cluster, the deployment to every cluster in
 * turn or in parallel ({@link #run}), and the per-cluster outcomes summarised. An abort or a timeout (Jenkins throws
 * FlowInterruptedException, an InterruptedException, into the running step) is never taken for a cluster's failure: nothing
 * more is deployed, the outcomes so far are printed and the interruption propagates, so the build ends ABORTED.
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

    // Loops in the methods that call steps count with an index: the pipeline's state is saved at every step, and Jenkins
    // saves a list iterator only through a workaround (IteratorHack) that plain serialization, as in the CPS tests, lacks.

    /**
     * Deploys to every cluster through the pipeline's steps (the var's script) and returns cluster -> kubeDeploy result;
     * fails the build with the error step when a cluster failed or was skipped.
     */
    Map run(def steps) {
        Map results = [:]
        Map errors = [:]
        Set<String> interrupted = [] as Set
        try {
            if (parallel()) {
                deployInParallel(steps, results, errors, interrupted)
            } else {
                deployInTurn(steps, results, errors, interrupted)
            }
        } catch (InterruptedException e) {
            interrupted.addAll(unreached(results, errors))
            report(steps, results, errors, interrupted)
            throw e
        }
        report(steps, results, errors, interrupted)
        List<String> failed = failedClusters(results)
        if (failed) {
            steps.error("deployRelease: ${args.release} failed or was skipped on ${failed.join(', ')}".toString())
        }
        return results
    }

    private void deployInTurn(def steps, Map results, Map errors, Set<String> interrupted) {
        List<String> clusters = clusters()
        for (int i = 0; i < clusters.size(); i++) {
            String cluster = clusters[i]
            deployTo(steps, cluster, results, errors, interrupted)
            if (failFast() && !succeeded(results[cluster] as Map)) {
                break
            }
        }
    }

    /**
     * One branch per cluster. With failFast a failing branch throws, so that parallel stops the others (they receive an
     * interruption, which they record and pass on); parallel then throws the failure, which each branch has already recorded.
     * An interruption thrown by parallel itself is an abort or a timeout of the build: it propagates.
     */
    private void deployInParallel(def steps, Map results, Map errors, Set<String> interrupted) {
        Map branches = [failFast: failFast()]
        List<String> clusters = clusters()
        for (int i = 0; i < clusters.size(); i++) {
            String name = clusters[i]
            branches[name] = {
                deployTo(steps, name, results, errors, interrupted)
                if (failFast() && !succeeded(results[name] as Map)) {
                    steps.error("deployRelease: ${describe(name, results[name] as Map, errors[name] as String, false)}".toString())
                }
            }
        }
        try {
            steps.parallel(branches)
        } catch (InterruptedException e) {
            throw e
        } catch (Exception failureRecordedByItsBranch) {
            // reported per cluster below
        }
    }

    /** Not private: called from the parallel branches' closures, which CPS runs outside this class. */
    void deployTo(def steps, String cluster, Map results, Map errors, Set<String> interrupted) {
        try {
            results[cluster] = steps.kubeDeploy(stepArguments(cluster))
        } catch (InterruptedException e) {
            interrupted << cluster
            throw e
        } catch (Exception e) {
            errors[cluster] = e.message ?: e.toString()
        }
    }

    private void report(def steps, Map results, Map errors, Set<String> interrupted) {
        List<String> clusters = clusters()
        for (int i = 0; i < clusters.size(); i++) {
            String cluster = clusters[i]
            steps.echo(describe(cluster, results[cluster] as Map, errors[cluster] as String, interrupted.contains(cluster)))
        }
    }

    /** Clusters with neither a result nor an error: not started, or stopped mid-way. */
    @NonCPS
    private List<String> unreached(Map results, Map errors) {
        clusters().findAll { !results.containsKey(it) && !errors.containsKey(it) }
    }

    @NonCPS
    private List<String> failedClusters(Map results) {
        clusters().findAll { !succeeded(results[it] as Map) }
    }

    /** One line per cluster for the build log. */
    @NonCPS
    static String describe(String cluster, Map result, String error, boolean interrupted) {
        if (error != null) {
            return "${cluster}: error: ${error}".toString()
        }
        if (interrupted) {
            return "${cluster}: interrupted: the build was aborted or timed out, or another cluster failed".toString()
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
