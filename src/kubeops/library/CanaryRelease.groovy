package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * canaryRelease: runs a canary with the plugin's kubeCanary step and turns each stop for a person (a {@code pause: {}} step,
 * or an inconclusive analysis) into a Jenkins input: Promote continues the canary, Abort rolls it back. A canary the analysis
 * rolled back fails the build. An abort or a timeout of the build, or an Abort at the input, rolls the canary back and
 * propagates (the build ends ABORTED): a canary is never left half-way because the pipeline stopped.
 */
class CanaryRelease implements Serializable {

    private static final long serialVersionUID = 1L

    static final Map<String, String> ARGUMENTS = [
            cluster  : 'Kube Ops cluster name (required)',
            namespace: 'namespace of the Deployment (required)',
            spec     : 'the canary spec as a map: target, images, steps, router, baseline, backgroundAnalysis ... (required)',
            submitter: 'who may promote or abort at a pause: user or group names, comma-separated (default: anyone who may build)',
    ].asImmutable()

    final Map args

    CanaryRelease(Map args) {
        this.args = args
    }

    /** Every problem with the arguments, each naming the value and the fix; empty when they are fine. */
    @NonCPS
    static List<String> argumentErrors(Map args) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        ['cluster', 'namespace'].each { String name ->
            if (!(args[name] instanceof CharSequence) || !args[name].toString().trim()) {
                errors << "${name} is required: ${ARGUMENTS[name]}".toString()
            }
        }
        // The spec's own rules (steps, weights, durations, metrics) are the engine's: kubeCanary checks them all at once.
        if (!(args.spec instanceof Map) || !args.spec) {
            errors << "spec is required: a map such as [target: [deployment: 'web'], images: [web: 'registry/web:2.0'], " +
                    'steps: [[setWeight: 10], [pause: [:]]]]'
        }
        return errors
    }

    /** Runs the canary to its end; returns kubeCanary's last report (phase PROMOTED), or fails the build. */
    Map run(def steps) {
        Map report
        try {
            report = steps.kubeCanary(stepArguments('start'))
        } catch (InterruptedException e) {
            // Interrupted while the step drove the canary: it may be running.
            rollBack(steps, 'the build was aborted or timed out')
            throw e
        }
        try {
            while (report.phase == 'PAUSED') {
                Map question = [message: pauseMessage(report), ok: 'Promote']
                if (args.submitter) {
                    question.submitter = args.submitter
                }
                steps.input(question)
                report = steps.kubeCanary(stepArguments('promote'))
            }
        } catch (Exception e) {
            // An Abort at the input, an abort or timeout of the build (InterruptedException), or a failure: roll back, rethrow.
            rollBack(steps, e instanceof InterruptedException ? 'aborted in Jenkins' : "the pipeline failed: ${e.message}".toString())
            throw e
        }
        if (report.phase != 'PROMOTED') {
            steps.error("canaryRelease: the canary of ${deployment()} on ${args.cluster} was rolled back: ${report.outcome}".toString())
        }
        steps.echo("canaryRelease: ${deployment()} on ${args.cluster} promoted: ${report.outcome}".toString())
        return report
    }

    private void rollBack(def steps, String reason) {
        try {
            Map report = steps.kubeCanary(stepArguments('abort') + [reason: reason])
            steps.echo("canaryRelease: the canary of ${deployment()} was rolled back (${reason}): ${report.outcome}".toString())
        } catch (InterruptedException e) {
            throw e
        } catch (Exception e) {
            steps.echo(("canaryRelease: could not roll back the canary of ${deployment()}: ${e.message}; roll it back with " +
                    "kubeCanary(action: 'abort') or kube-ops canary abort").toString())
        }
    }

    @NonCPS
    Map stepArguments(String action) {
        [cluster: args.cluster, namespace: args.namespace, spec: args.spec, action: action, returnWhenPaused: true]
    }

    @NonCPS
    String deployment() {
        def target = args.spec?.target
        "Deployment ${args.namespace}/${target instanceof Map ? target.deployment : '?'}".toString()
    }

    @NonCPS
    String pauseMessage(Map report) {
        ("Canary of ${deployment()} on ${args.cluster} at step ${report.step}/${report.steps}, ${report.weight}% of the " +
                "traffic: ${report.pausedFor}. Promote continues the canary; Abort rolls it back.").toString()
    }
}
