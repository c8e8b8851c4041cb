package kubeops.library

import com.cloudbees.groovy.cps.NonCPS

/**
 * clusterUpgrade: plan (kubeUpgradePlan) -> approval (input showing the plan) -> the plan's steps in order. Without a body the
 * plugin's kubeUpgrade step runs them (snapshot, control plane, nodes rolled through a sliding window: a canary, then up to
 * maxUnavailable in flight), returning after the canary and every maxUnavailable nodes when they are to be approved. With a
 * body, the pipeline upgrades each node itself: a verified etcdBackup first, then each control-plane pass, then each group's
 * nodes in batches (the canary alone, then maxUnavailable at a time; a body runs node after node, so a window would gain
 * nothing) through kubeDrain, the body per node, kubeUncordon and kubeHealthGate.
 *
 * Resumable: the state is the cluster's (versions, the plugin's state and cordon marks), and every run plans again, so a
 * re-run leaves out what is done. On an abort, a timeout or a failure, the nodes this run cordoned are uncordoned, except a
 * node whose upgrade was under way (the log names it), and the interruption or failure propagates: ABORTED stays ABORTED.
 */
class ClusterUpgrade implements Serializable {

    private static final long serialVersionUID = 1L

    static final Map<String, String> ARGUMENTS = [
            cluster         : 'Kube Ops cluster name (required)',
            to              : "target Kubernetes version, e.g. 'v1.36.1' (required)",
            maxUnavailable  : "worker nodes in flight at once after the first (canary) one: a count or a percent, e.g. 2 or '10%'",
            poolLabel       : 'node label whose values are node pools; nodes are rolled per pool',
            perZone         : 'roll nodes per pool and zone (default false)',
            approve         : 'ask for approval (input showing the plan) before anything changes (default true)',
            approveEachBatch: 'ask after each canary node and every maxUnavailable nodes (default false)',
            etcd            : 'etcd cluster for the verified snapshot (etcdBackup), required with a body or when the control plane is upgraded',
            store           : 'backup store for that snapshot, required with etcd:',
            drain           : 'kubeDrain options: ignoreDaemonSets, deleteEmptyDirData, force, gracePeriod, timeout, onTimeout',
            healthGate      : 'kubeHealthGate options: consecutive, interval, timeout',
    ].asImmutable()

    static final Set<String> DRAIN_OPTIONS = ['ignoreDaemonSets', 'deleteEmptyDirData', 'force', 'gracePeriod', 'timeout',
                                              'onTimeout'] as Set
    static final Set<String> HEALTH_GATE_OPTIONS = ['consecutive', 'interval', 'timeout'] as Set

    final Map args
    final Closure upgradeNode

    /** Nodes this run drained (so cordoned) and has not uncordoned yet. */
    private final List<String> cordoned = []
    /** The node whose body is running: its upgrade is under way, so it is never uncordoned by the cleanup. */
    private String underWay
    private final List<String> upgraded = []

    ClusterUpgrade(Map args, Closure upgradeNode) {
        this.args = args
        this.upgradeNode = upgradeNode
    }

    /** Every problem with the arguments, each naming the value and the fix; empty when they are fine. */
    @NonCPS
    static List<String> argumentErrors(Map args, boolean withBody) {
        List<String> errors = []
        args.keySet().findAll { !ARGUMENTS.containsKey(it) }.each { unknown ->
            errors << "unknown argument '${unknown}': use one of ${ARGUMENTS.keySet().join(', ')}".toString()
        }
        ['cluster', 'to'].each { String name ->
            if (!(args[name] instanceof CharSequence) || !args[name].toString().trim()) {
                errors << "${name} is required: ${ARGUMENTS[name]}".toString()
            }
        }
        ['perZone', 'approve', 'approveEachBatch'].each { String name ->
            if (args.containsKey(name) && !(args[name] instanceof Boolean)) {
                errors << "${name} must be true or false, not '${args[name]}'".toString()
            }
        }
        checkOptions(errors, args, 'drain', DRAIN_OPTIONS)
        checkOptions(errors, args, 'healthGate', HEALTH_GATE_OPTIONS)
        if (withBody && !(args.etcd && args.store)) {
            errors << 'with a body the pipeline upgrades the nodes itself: pass etcd: and store: so that a verified etcd ' +
                    'snapshot (etcdBackup) is taken before the control plane is touched'
        }
        return errors
    }

    @NonCPS
    private static void checkOptions(List<String> errors, Map args, String name, Set<String> allowed) {
        if (!args.containsKey(name)) {
            return
        }
        if (!(args[name] instanceof Map)) {
            errors << "${name} must be a map of ${allowed.join(', ')}".toString()
            return
        }
        (args[name].keySet() - allowed).each { key ->
            errors << "${name}: unknown option '${key}': use ${allowed.join(', ')}".toString()
        }
    }

    /** Plans, asks, upgrades; returns [cluster, from, target, status, upgraded: nodes this run upgraded]. */
    Map run(def steps) {
        Map plan = steps.kubeUpgradePlan(planArguments())
        steps.echo(plan.text as String)
        if (plan.refused) {
            steps.error("clusterUpgrade: the plan for cluster '${args.cluster}' is refused:\n${plan.refusal}".toString())
        }
        List<Map> planned = plan.steps as List<Map>
        if (!planned) {
            steps.echo("clusterUpgrade: cluster '${args.cluster}' is at ${plan.target}: nothing left to do")
            return outcome(plan)
        }
        if (args.approve != false) {
            steps.input(message: approvalMessage(plan), ok: 'Upgrade')
        }
        if (upgradeNode == null) {
            // kubeUpgrade takes no snapshot itself: the library takes the verified one, then lets the step skip it.
            boolean snapshotFirst = hasSnapshotStep(planned)
            if (snapshotFirst) {
                if (!(args.etcd && args.store)) {
                    steps.error(("clusterUpgrade: the plan for cluster '${args.cluster}' upgrades the control plane: pass " +
                            'etcd: and store: so that a verified etcd snapshot (etcdBackup) is taken before it is touched').toString())
                }
                snapshot(steps)
            }
            upgradeWithThePlugin(steps, snapshotFirst)
        } else {
            upgradeNodeByNode(steps, planned)
        }
        return outcome(plan)
    }

    /** The kubeUpgrade step runs the plan; with approveEachBatch it returns after each batch and resumes on the next call. */
    private void upgradeWithThePlugin(def steps, boolean snapshotTaken) {
        Map upgradeArguments = planArguments() + [pauseAfterBatch: args.approveEachBatch == true]
        if (snapshotTaken) {
            upgradeArguments.skipSnapshot = true
        }
        Map result = steps.kubeUpgrade(upgradeArguments)
        while (result.status == 'paused') {
            String done = (result.done as List)?.last()
            steps.input(message: "Cluster '${args.cluster}': ${done} done. Continue with ${result.next}?".toString(), ok: 'Continue')
            result = steps.kubeUpgrade(upgradeArguments)
        }
    }

    private void upgradeNodeByNode(def steps, List<Map> planned) {
        boolean batchDone = false
        try {
            for (int i = 0; i < planned.size(); i++) {
                Map step = planned[i]
                if (step.kind == 'snapshot') {
                    snapshot(steps)
                } else if (step.kind == 'controlPlane') {
                    controlPlanePass(steps, step)
                } else if (step.kind == 'nodes') {
                    List<Map> batches = batchesOf(step)
                    for (int b = 0; b < batches.size(); b++) {
                        if (batchDone && args.approveEachBatch == true) {
                            steps.input(message: ("Cluster '${args.cluster}': upgraded so far: ${upgraded.join(', ')}. " +
                                    "Continue with ${batches[b].description}?").toString(), ok: 'Continue')
                        }
                        nodeBatch(steps, batches[b])
                        batchDone = true
                    }
                } else {
                    steps.error("clusterUpgrade: the plan has a step this library does not know: ${step}".toString())
                }
            }
        } catch (Exception e) {
            // Interruptions (InterruptedException: abort, timeout, rejected input) and failures alike: clean up, then rethrow.
            uncordonAfterStop(steps)
            throw e
        }
    }

    /**
     * A nodes step as the batches a body upgrades: the canary alone, then maxInFlight nodes at a time; a step without
     * maxInFlight (an older plugin's batch) is one batch.
     */
    @NonCPS
    static List<Map> batchesOf(Map step) {
        List<String> nodes = step.nodes as List<String>
        if (!(step.maxInFlight instanceof Number)) {
            return [step]
        }
        List<List<String>> chunks = []
        int from = 0
        if (step.canary == true && nodes.size() > 1) {
            chunks << nodes.subList(0, 1)
            from = 1
        }
        int size = Math.max(1, step.maxInFlight as int)
        for (int i = from; i < nodes.size(); i += size) {
            chunks << nodes.subList(i, Math.min(nodes.size(), i + size))
        }
        List<Map> batches = []
        chunks.eachWithIndex { List<String> chunk, int i ->
            String canary = step.canary == true && nodes.size() > 1 && i == 0 ? ' (canary)' : ''
            batches << (step + [nodes      : new ArrayList<String>(chunk),
                                description: "${step.group} batch ${i + 1}/${chunks.size()}${canary} to ${step.version}: ${chunk.join(', ')}".toString()])
        }
        batches
    }

    @NonCPS
    private static boolean hasSnapshotStep(List<Map> planned) {
        planned.any { it.kind == 'snapshot' }
    }

    private void snapshot(def steps) {
        steps.echo("clusterUpgrade: verified etcd snapshot of '${args.etcd}' before the control plane is touched")
        Map backup = steps.etcdBackup(cluster: args.etcd, store: args.store)
        if (!backup.verified) {
            steps.error("clusterUpgrade: etcd snapshot ${backup.id} did not verify: the upgrade does not start".toString())
        }
    }

    private void controlPlanePass(def steps, Map step) {
        if (!step.node) {
            steps.error(("clusterUpgrade: ${step.description}: a body cannot upgrade a control plane that runs on no node; " +
                    'call clusterUpgrade without a body so that the plugin upgrades it').toString())
        }
        steps.echo("clusterUpgrade: ${step.description}")
        underWay = step.node as String
        callBody(step.node as String, [phase: 'controlPlane', version: step.version, pass: step.pass, passes: step.passes])
        underWay = null
        healthGate(steps)
    }

    private void nodeBatch(def steps, Map step) {
        List<String> nodes = step.nodes as List<String>
        steps.echo("clusterUpgrade: ${step.description}")
        cordoned.addAll(nodes)
        Map drain = steps.kubeDrain(drainArguments(nodes))
        if (drain.failed) {
            steps.error("clusterUpgrade: cannot drain ${drainFailures(drain.failed as Map)}: no node of the batch is upgraded"
                    .toString())
        }
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes[i]
            underWay = node
            callBody(node, [phase: 'node', version: step.version, controlPlane: step.controlPlane == true])
            underWay = null
            upgraded << node
        }
        steps.kubeUncordon(cluster: args.cluster, nodes: nodes)
        cordoned.removeAll(nodes)
        healthGate(steps)
    }

    private void healthGate(def steps) {
        steps.kubeHealthGate([cluster: args.cluster] + (args.healthGate ?: [:]))
    }

    /** The body gets the node, and a map (phase, version, ...) when it declares a second parameter. */
    private void callBody(String node, Map context) {
        if (takesContext(upgradeNode)) {
            upgradeNode.call(node, context)
        } else {
            upgradeNode.call(node)
        }
    }

    /** After an abort or a failure: every node this run cordoned goes back into service, except one mid-upgrade. */
    private void uncordonAfterStop(def steps) {
        List<String> back = cordonedButNotUnderWay()
        if (underWay != null && cordoned.contains(underWay)) {
            steps.echo(("clusterUpgrade: node ${underWay} stays cordoned: its upgrade was under way when the run stopped. " +
                    "Check it, then return it with kubeUncordon(cluster: '${args.cluster}', nodes: ['${underWay}'])").toString())
        } else if (underWay != null) {
            steps.echo("clusterUpgrade: the control plane on node ${underWay} was being upgraded when the run stopped: check it"
                    .toString())
        }
        if (back) {
            try {
                steps.kubeUncordon(cluster: args.cluster, nodes: back)
                steps.echo("clusterUpgrade: uncordoned ${back.join(', ')}".toString())
            } catch (InterruptedException e) {
                throw e
            } catch (Exception e) {
                steps.echo("clusterUpgrade: could not uncordon ${back.join(', ')}: ${e.message}".toString())
            }
        }
    }

    @NonCPS
    private List<String> cordonedButNotUnderWay() {
        cordoned.findAll { it != underWay }
    }

    @NonCPS
    private static boolean takesContext(Closure body) {
        body.maximumNumberOfParameters >= 2
    }

    @NonCPS
    Map planArguments() {
        Map planArguments = [cluster: args.cluster, to: args.to]
        ['maxUnavailable', 'poolLabel', 'perZone'].each { String name ->
            if (args.containsKey(name)) {
                planArguments[name] = textIfNumber(args[name])
            }
        }
        return planArguments
    }

    @NonCPS
    Map drainArguments(List<String> nodes) {
        Map drain = (args.drain ?: [:]).collectEntries { key, value -> [(key): key == 'gracePeriod' ? textIfNumber(value) : value] }
        [cluster: args.cluster, nodes: nodes] + drain
    }

    /** The plugin's steps take counts that may be percentages (maxUnavailable) or -1 (gracePeriod) as text. */
    @NonCPS
    private static Object textIfNumber(Object value) {
        value instanceof Number ? value.toString() : value
    }

    @NonCPS
    private static String drainFailures(Map failed) {
        failed.collect { node, why -> "${node} (${why})" }.join(', ')
    }

    @NonCPS
    String approvalMessage(Map plan) {
        "Upgrade cluster '${args.cluster}' from ${plan.from} to ${plan.target}?\n\n${plan.text}".toString()
    }

    @NonCPS
    private Map outcome(Map plan) {
        [cluster: args.cluster, from: plan.from, target: plan.target, status: 'upgraded', upgraded: upgraded.toList()]
    }
}
