package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

class ClusterUpgradeTest extends LibraryTestBase {

    static final List<String> UPGRADE_STEPS = ['kubeUpgradePlan', 'input', 'etcdBackup', 'kubeDrain', 'kubeUncordon',
                                               'kubeHealthGate', 'kubeUpgrade', 'sh']

    static final Map ARGS = [cluster: 'prod', to: 'v1.36.1', etcd: 'prod-etcd', store: 's3']

    static Map plan(List<Map> steps) {
        [cluster: 'prod', from: 'v1.35.4', target: 'v1.36.1', refused: false, refusal: '', text: 'PLAN TEXT', steps: steps]
    }

    static final List<Map> FULL_PLAN = [
            [kind: 'snapshot', description: 'etcd snapshot'],
            [kind: 'controlPlane', pass: 1, passes: 1, version: 'v1.36.1', node: 'cp-1', description: 'control plane pass 1/1'],
            [kind: 'nodes', group: 'workers', controlPlane: false, nodes: ['w1', 'w2', 'w3'], maxInFlight: 2, canary: true,
             version: 'v1.36.1', description: 'workers: 3 nodes to v1.36.1, canary w1 alone, then up to 2 in flight: w1, w2, w3'],
    ]

    /** What a re-plan after w1 was upgraded holds: the nodes left. */
    static final Map NODES_LEFT = FULL_PLAN[2] + [nodes: ['w2', 'w3'], description: 'workers: 2 nodes to v1.36.1, canary w2 ' +
            'alone, then one at a time: w2, w3']

    /** What the body did, in order, interleaved with the steps through JPU's call stack (sh). */
    List<String> bodyCalls = []

    Closure body = { String node, Map step ->
        bodyCalls << "${step.phase} ${node}".toString()
        sh("upgrade ${node} to ${step.version}")
    }

    @BeforeEach
    void healthyCluster() {
        onStep('kubeUpgradePlan') { Map args -> plan(FULL_PLAN) }
        onStep('etcdBackup') { Map args -> [id: 'snap-1', verified: true] }
        onStep('kubeDrain') { Map args -> [drained: args.nodes, failed: [:]] }
        onStep('kubeUncordon') { Map args -> [uncordoned: args.nodes, left: [:]] }
        onStep('kubeHealthGate') { Map args -> [healthy: true] }
    }

    List<String> shCommands() {
        helper.callStack.findAll { it.methodName == 'sh' }*.argsToString()
    }

    @Test
    void upgradesNodeByNodeInThePlansOrderAfterApprovalAndASnapshot() {
        List<Map> asked = []
        onInput { Map args -> asked << args; null }

        Map result = runVar('clusterUpgrade', ARGS + [approveEachBatch: true, drain: [ignoreDaemonSets: true]], body)

        assertThat(stepsCalled(UPGRADE_STEPS)).containsExactly(
                'kubeUpgradePlan', 'input', 'etcdBackup',
                'sh', 'kubeHealthGate',
                'kubeDrain', 'sh', 'kubeUncordon', 'kubeHealthGate',
                'input', 'kubeDrain', 'sh', 'sh', 'kubeUncordon', 'kubeHealthGate')
        assertThat(shCommands()).containsExactly('upgrade cp-1 to v1.36.1', 'upgrade w1 to v1.36.1', 'upgrade w2 to v1.36.1',
                'upgrade w3 to v1.36.1')
        assertThat(bodyCalls).containsExactly('controlPlane cp-1', 'node w1', 'node w2', 'node w3')
        assertThat(asked[0].message as String).startsWith("Upgrade cluster 'prod' from v1.35.4 to v1.36.1?").contains('PLAN TEXT')
        assertThat(asked[1].message as String).isEqualTo("Cluster 'prod': upgraded so far: w1. Continue with workers batch 2/2 to v1.36.1: w2, w3?")
        assertThat(callArgs('kubeDrain')[1]).isEqualTo([cluster: 'prod', nodes: ['w2', 'w3'], ignoreDaemonSets: true])
        assertThat(callArgs('etcdBackup')).containsExactly([cluster: 'prod-etcd', store: 's3'])
        assertThat(result).containsEntry('upgraded', ['w1', 'w2', 'w3']).containsEntry('status', 'upgraded')
        assertJobStatusSuccess()
    }

    @Test
    void rejectingTheApprovalChangesNothingAndEndsAborted() {
        onInput { Map args -> rejectInput() }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS, body) }.isInstanceOf(FlowInterruptedException)

        assertThat(stepsCalled(UPGRADE_STEPS)).containsExactly('kubeUpgradePlan', 'input')
        assertJobStatusAborted()
    }

    @Test
    void anAbortDuringANodesUpgradeUncordonsTheRestOfTheBatchButNotThatNode() {
        body = { String node ->
            sh("upgrade ${node}")
            if (node == 'w2') {
                interruptBuild()
            }
        }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false], body) }.isInstanceOf(FlowInterruptedException)

        assertThat(callArgs('kubeUncordon')*.nodes).containsExactly(['w1'], ['w3'])
        assertThat(shCommands()).containsExactly('upgrade cp-1', 'upgrade w1', 'upgrade w2')
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString()).contains(
                "clusterUpgrade: node w2 stays cordoned: its upgrade was under way when the run stopped. Check it, then return " +
                        "it with kubeUncordon(cluster: 'prod', nodes: ['w2'])", 'clusterUpgrade: uncordoned w3')
        assertJobStatusAborted()
    }

    @Test
    void anAbortDuringAControlPlanePassNamesTheNodeAndUncordonsNothing() {
        body = { String node -> interruptBuild() }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false], body) }.isInstanceOf(FlowInterruptedException)

        assertThat(helper.methodCallCount('kubeUncordon')).isZero()
        assertThat(helper.methodCallCount('kubeDrain')).isZero()
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString()).contains(
                'clusterUpgrade: the control plane on node cp-1 was being upgraded when the run stopped: check it')
        assertJobStatusAborted()
    }

    @Test
    void anAbortWhileDrainingUncordonsTheWholeBatch() {
        onStep('kubeDrain') { Map args -> args.nodes == ['w2', 'w3'] ? interruptBuild() : [drained: args.nodes, failed: [:]] }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false], body) }.isInstanceOf(FlowInterruptedException)

        assertThat(callArgs('kubeUncordon')*.nodes).containsExactly(['w1'], ['w2', 'w3'])
        assertThat(bodyCalls).containsExactly('controlPlane cp-1', 'node w1')
        assertJobStatusAborted()
    }

    @Test
    void rejectingTheNextBatchStopsWithNothingLeftCordoned() {
        onInput { Map args -> args.message.toString().startsWith('Upgrade') ? null : rejectInput() }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approveEachBatch: true], body) }.isInstanceOf(FlowInterruptedException)

        assertThat(callArgs('kubeDrain')*.nodes).containsExactly(['w1'])
        assertThat(callArgs('kubeUncordon')*.nodes).containsExactly(['w1'])
        assertJobStatusAborted()
    }

    @Test
    void aFailedDrainUncordonsTheBatchAndFailsTheBuild() {
        onStep('kubeDrain') { Map args ->
            args.nodes == ['w1'] ? [drained: [], failed: [w1: 'PDB web-pdb allows 0 disruptions']] : [drained: args.nodes, failed: [:]]
        }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false], body) }
                .isInstanceOf(PipelineError)
                .hasMessage('clusterUpgrade: cannot drain w1 (PDB web-pdb allows 0 disruptions): no node of the batch is upgraded')

        assertThat(callArgs('kubeUncordon')*.nodes).containsExactly(['w1'])
        assertThat(bodyCalls).containsExactly('controlPlane cp-1')
        assertJobStatusFailure()
    }

    @Test
    void aSnapshotThatDoesNotVerifyStopsBeforeTheControlPlane() {
        onStep('etcdBackup') { Map args -> [id: 'snap-2', verified: false] }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false], body) }
                .hasMessage('clusterUpgrade: etcd snapshot snap-2 did not verify: the upgrade does not start')

        assertThat(bodyCalls).isEmpty()
        assertThat(helper.methodCallCount('kubeDrain')).isZero()
    }

    @Test
    void aRerunPlansAgainAndDoesOnlyWhatIsLeft() {
        onStep('kubeUpgradePlan') { Map args -> plan([NODES_LEFT]) }

        runVar('clusterUpgrade', ARGS + [approve: false], body)

        assertThat(bodyCalls).containsExactly('node w2', 'node w3')
        assertThat(helper.methodCallCount('etcdBackup')).isZero()
    }

    @Test
    void aClusterAlreadyAtTheTargetIsLeftAlone() {
        onStep('kubeUpgradePlan') { Map args -> plan([]) }

        Map result = runVar('clusterUpgrade', ARGS, body)

        assertThat(result.upgraded).isEqualTo([])
        assertThat(stepsCalled(UPGRADE_STEPS)).containsExactly('kubeUpgradePlan')
    }

    @Test
    void aRefusedPlanFailsWithTheRuleBeforeAsking() {
        onStep('kubeUpgradePlan') { Map args ->
            plan([]) + [refused: true, refusal: 'kubelet-skew: node w9 runs v1.32.0, more than three minors older than v1.36.1']
        }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS, body) }
                .hasMessage("clusterUpgrade: the plan for cluster 'prod' is refused:\n" +
                        'kubelet-skew: node w9 runs v1.32.0, more than three minors older than v1.36.1')
        assertThat(helper.methodCallCount('input')).isZero()
    }

    @Test
    void withoutABodyThePluginUpgradesAndEachPausedBatchIsApproved() {
        List<Map> results = [[status: 'paused', done: ['workers: 1 of 3 nodes (w1)'], next: 'workers: the other 2 nodes, up to 2 in flight'],
                             [status: 'upgraded', done: [FULL_PLAN[2].description], next: null]]
        onStep('kubeUpgrade') { Map args -> results.remove(0) }
        List<String> asked = []
        onInput { Map args -> asked << args.message; null }

        runVar('clusterUpgrade', ARGS + [maxUnavailable: 2, approveEachBatch: true])

        assertThat(stepsCalled(UPGRADE_STEPS)).containsExactly('kubeUpgradePlan', 'input', 'etcdBackup', 'kubeUpgrade', 'input',
                'kubeUpgrade')
        assertThat(callArgs('etcdBackup')[0]).isEqualTo([cluster: 'prod-etcd', store: 's3'])
        assertThat(callArgs('kubeUpgrade')[0]).isEqualTo([cluster: 'prod', to: 'v1.36.1', maxUnavailable: '2', pauseAfterBatch: true,
                                                          skipSnapshot: true])
        assertThat(asked[1]).isEqualTo("Cluster 'prod': workers: 1 of 3 nodes (w1) done. Continue with workers: the other 2 " +
                'nodes, up to 2 in flight?')
    }

    @Test
    void anAbortWhileThePluginUpgradesPropagates() {
        onStep('kubeUpgrade') { Map args -> interruptBuild() }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false]) }
                .isInstanceOf(FlowInterruptedException)
        assertJobStatusAborted()
    }

    @Test
    void withoutABodyAControlPlaneUpgradeNeedsASnapshotSourceAndOnlyNodeBatchesDoNot() {
        assertThatThrownBy { runVar('clusterUpgrade', [cluster: 'prod', to: 'v1.36.1', approve: false]) }
                .hasMessage("clusterUpgrade: the plan for cluster 'prod' upgrades the control plane: pass etcd: and store: so " +
                        'that a verified etcd snapshot (etcdBackup) is taken before it is touched')
        assertThat(helper.methodCallCount('kubeUpgrade')).isZero()

        onStep('kubeUpgradePlan') { Map args -> plan([FULL_PLAN[2]]) }
        onStep('kubeUpgrade') { Map args -> [status: 'upgraded', done: [], next: null] }
        runVar('clusterUpgrade', [cluster: 'prod', to: 'v1.36.1', approve: false])
        assertThat(helper.methodCallCount('etcdBackup')).isZero()
        assertThat(callArgs('kubeUpgrade')[0]).doesNotContainKey('skipSnapshot')
    }

    @Test
    void withoutABodyASnapshotThatDoesNotVerifyStopsBeforeThePluginUpgrades() {
        onStep('etcdBackup') { Map args -> [id: 'snap-3', verified: false] }

        assertThatThrownBy { runVar('clusterUpgrade', ARGS + [approve: false]) }
                .hasMessage('clusterUpgrade: etcd snapshot snap-3 did not verify: the upgrade does not start')
        assertThat(helper.methodCallCount('kubeUpgrade')).isZero()
    }

    @Test
    void rejectsBadArgumentsBeforePlanning() {
        assertThatThrownBy { runVar('clusterUpgrade', [cluster: 'prod', approve: 'yes', drain: [forse: true]], body) }
                .hasMessageContaining("to is required: target Kubernetes version, e.g. 'v1.36.1'")
                .hasMessageContaining("approve must be true or false, not 'yes'")
                .hasMessageContaining("drain: unknown option 'forse'")
                .hasMessageContaining('pass etcd: and store:')
        assertThat(helper.methodCallCount('kubeUpgradePlan')).isZero()
    }

    @Test
    void aBodyUpgradesARolledGroupInBatchesOfTheCanaryThenMaxInFlightNodes() {
        Map roll = [kind: 'nodes', group: 'pool web', controlPlane: false, nodes: ['w1', 'w2', 'w3', 'w4', 'w5'], maxInFlight: 2,
                    canary: true, version: 'v1.36.1', description: 'pool web: 5 nodes'] as Map
        assertThat(ClusterUpgrade.batchesOf(roll).collect { it.nodes }).isEqualTo([['w1'], ['w2', 'w3'], ['w4', 'w5']])
        assertThat(ClusterUpgrade.batchesOf(roll)[0].description as String).isEqualTo('pool web batch 1/3 (canary) to v1.36.1: w1')
        assertThat(ClusterUpgrade.batchesOf(roll + [canary: false, maxInFlight: 3]).collect { it.nodes })
                .isEqualTo([['w1', 'w2', 'w3'], ['w4', 'w5']])
        Map olderPluginsBatch = [kind: 'nodes', group: 'workers', nodes: ['w2', 'w3'], version: 'v1.36.1', description: 'batch 2/2']
        assertThat(ClusterUpgrade.batchesOf(olderPluginsBatch)).isEqualTo([olderPluginsBatch])
    }
}
