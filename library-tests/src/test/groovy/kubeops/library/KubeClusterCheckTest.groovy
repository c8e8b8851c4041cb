package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.junit.jupiter.api.Test

class KubeClusterCheckTest extends LibraryTestBase {

    static final long GI = 1024L * 1024 * 1024

    static Map info(Map overrides = [:]) {
        [cluster               : 'prod', serverVersion: 'v1.36.4', nodes: 3, readyNodes: 3, scheduledPods: 10, pendingPods: 0,
         allocatableCpuMillis  : 12_000, requestedCpuMillis: 3_000, allocatableMemoryBytes: 48 * GI,
         requestedMemoryBytes  : 12 * GI] + overrides
    }

    @Test
    void returnsTheClusterInfoAndPrintsOneSummaryLine() {
        onStep('kubeClusterInfo') { Map args -> info(cluster: args.cluster) }

        Map result = runVar('kubeClusterCheck', [cluster: 'prod', minReadyNodes: 3])

        assertThat(result.serverVersion).isEqualTo('v1.36.4')
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString()).containsExactly(
                'cluster prod: v1.36.4, 3/3 nodes Ready, 10 pods scheduled, 0 pending, CPU 25.0% requested, memory 25.0% requested')
        assertJobStatusSuccess()
    }

    @Test
    void failsWhenFewerNodesThanRequiredAreReady() {
        onStep('kubeClusterInfo') { Map args -> info(readyNodes: 1) }

        assertThatThrownBy { runVar('kubeClusterCheck', [cluster: 'prod', minReadyNodes: 2]) }
                .isInstanceOf(PipelineError)
                .hasMessage("kubeClusterCheck: cluster 'prod' has 1 Ready nodes, fewer than minReadyNodes 2")
        assertJobStatusFailure()
    }

    @Test
    void failsWhenCpuAndMemoryAreOverRequestedAndNamesBoth() {
        onStep('kubeClusterInfo') { Map args -> info(requestedCpuMillis: 11_000, requestedMemoryBytes: 47 * GI) }

        assertThatThrownBy { runVar('kubeClusterCheck', [cluster: 'prod', maxCpuRequestedPercent: 90, maxMemoryRequestedPercent: 95]) }
                .hasMessageContaining('has 91.7% of its CPU requested, more than maxCpuRequestedPercent 90')
                .hasMessageContaining('has 97.9% of its memory requested, more than maxMemoryRequestedPercent 95')
    }

    @Test
    void anAbortWhileReadingTheClusterEndsTheBuildAborted() {
        onStep('kubeClusterInfo') { Map args -> interruptBuild() }

        assertThatThrownBy { runVar('kubeClusterCheck', [cluster: 'prod']) }
                .isInstanceOf(org.jenkinsci.plugins.workflow.steps.FlowInterruptedException)
        assertJobStatusAborted()
    }

    @Test
    void rejectsBadArgumentsBeforeAskingTheCluster() {
        onStep('kubeClusterInfo') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy { runVar('kubeClusterCheck', [clustr: 'prod', maxCpuRequestedPercent: 150]) }
                .hasMessageContaining("unknown argument 'clustr': use one of cluster, minReadyNodes")
                .hasMessageContaining('cluster is required')
                .hasMessageContaining("maxCpuRequestedPercent: '150' is not a number from 0 to 100")
        assertThat(helper.methodCallCount('kubeClusterInfo')).isZero()
    }

    @Test
    void reportsAnEmptyClusterAsZeroPercentRequested() {
        onStep('kubeClusterInfo') { Map args -> info(nodes: 0, readyNodes: 0, allocatableCpuMillis: 0, requestedCpuMillis: 0,
                allocatableMemoryBytes: 0, requestedMemoryBytes: 0) }

        assertThatThrownBy { runVar('kubeClusterCheck', [cluster: 'prod']) }
                .hasMessage("kubeClusterCheck: cluster 'prod' has 0 Ready nodes, fewer than minReadyNodes 1")
    }
}
