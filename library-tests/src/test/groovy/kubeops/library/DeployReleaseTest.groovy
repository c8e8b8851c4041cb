package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.jupiter.api.Test

class DeployReleaseTest extends LibraryTestBase {

    static Map result(String cluster, String status, int revision = 3, int rolledBackTo = 0) {
        [cluster: cluster, release: 'web', namespace: 'shop', revision: revision, status: status, plan: [], evidence: [],
         rolledBackTo: rolledBackTo]
    }

    @Test
    void deploysToEachClusterInTurnAtomicallyByDefault() {
        List<Map> calls = []
        onStep('kubeDeploy') { Map args -> calls << args; result(args.cluster, 'deployed') }

        Map results = runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'],
                                               templates: 'deploy/web', values: ['prod.yaml'], set: ['image.tag=abc']])

        assertThat(calls*.cluster).containsExactly('eu', 'us')
        assertThat(calls[0]).isEqualTo([cluster: 'eu', release: 'web', namespace: 'shop', atomic: true, failOnError: false,
                                        templates: 'deploy/web', values: ['prod.yaml'], set: ['image.tag=abc']])
        assertThat(results.keySet()).containsExactly('eu', 'us')
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString())
                .containsExactly('eu: release web revision 3 deployed', 'us: release web revision 3 deployed')
    }

    @Test
    void stopsAfterTheFirstFailedClusterAndFailsTheBuild() {
        List<String> called = []
        onStep('kubeDeploy') { Map args ->
            called << args.cluster
            if (args.cluster == 'eu') {
                throw new Exception('kubeDeploy: rollout of web failed: Deployment/web: progress deadline exceeded')
            }
            result(args.cluster, 'deployed')
        }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'], files: ['k8s']]) }
                .hasMessage('deployRelease: web failed or was skipped on eu, us')
        assertThat(called).containsExactly('eu')
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString()).containsExactly(
                'eu: error: kubeDeploy: rollout of web failed: Deployment/web: progress deadline exceeded',
                'us: skipped (an earlier cluster failed)')
    }

    @Test
    void reportsARolledBackClusterAsFailedButKeepsGoingWithoutFailFast() {
        onStep('kubeDeploy') { Map args -> args.cluster == 'eu' ? result('eu', 'rolled_back', 4, 3) : result(args.cluster, 'deployed') }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'], chart: 'chart',
                                                      failFast: false]) }
                .hasMessage('deployRelease: web failed or was skipped on eu')
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString()).containsExactly(
                'eu: release web revision 4 rolled_back (rolled back to revision 3)', 'us: release web revision 3 deployed')
    }

    @Test
    void deploysInParallelBranchesWhenAsked() {
        onStep('kubeDeploy') { Map args -> result(args.cluster, 'deployed') }

        runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: 'eu', templates: 't', parallel: true])

        assertThat(helper.methodCallCount('parallel')).isEqualTo(1)
        assertThat(helper.callStack.find { it.methodName == 'parallel' }.args[0].keySet()).containsExactly('failFast', 'eu')
    }

    @Test
    void rejectsMissingAndConflictingArgumentsBeforeDeployingAnything() {
        onStep('kubeDeploy') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', templates: 't', chart: 'c', values: 'prod.yaml', atomc: true]) }
                .hasMessageContaining("unknown argument 'atomc'")
                .hasMessageContaining('namespace is required')
                .hasMessageContaining('clusters is required')
                .hasMessageContaining('give exactly one of templates, files or chart (got templates, chart)')
                .hasMessageContaining("values must be a list")
    }

    List<String> echoed() {
        helper.callStack.findAll { it.methodName == 'echo' }*.argsToString()
    }

    @Test
    void anAbortOnOneClusterStopsTheSequenceAndEndsTheBuildAborted() {
        List<String> called = []
        onStep('kubeDeploy') { Map args ->
            called << args.cluster
            args.cluster == 'us' ? interruptBuild() : result(args.cluster, 'deployed')
        }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us', 'ap'], files: ['k8s'],
                                                      failFast: false]) }
                .isInstanceOf(FlowInterruptedException)

        assertThat(called).containsExactly('eu', 'us')
        assertThat(helper.methodCallCount('error')).isZero()
        assertThat(echoed()).containsExactly('eu: release web revision 3 deployed',
                'us: interrupted: the build was aborted or timed out, or another cluster failed',
                'ap: interrupted: the build was aborted or timed out, or another cluster failed')
        assertJobStatusAborted()
    }

    @Test
    void aTimeoutAroundTheDeploymentPropagatesLikeAnAbort() {
        onStep('kubeDeploy') { Map args -> throw new FlowInterruptedException('ABORTED', 'Timeout has been exceeded') }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'], files: ['k8s']]) }
                .isInstanceOf(FlowInterruptedException).hasMessage('Timeout has been exceeded')

        assertThat(helper.methodCallCount('kubeDeploy')).isEqualTo(1)
        assertJobStatusAborted()
    }

    @Test
    void anAbortDuringParallelDeploymentsEndsTheBuildAbortedWithAndWithoutFailFast() {
        [true, false].each { boolean failFast ->
            helper.callStack.clear()
            binding.getVariable('currentBuild').result = null
            buildInterrupted = false
            List<String> called = []
            onStep('kubeDeploy') { Map args ->
                called << args.cluster
                args.cluster == 'eu' ? interruptBuild() : result(args.cluster, 'deployed')
            }

            assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'], files: ['k8s'],
                                                          parallel: true, failFast: failFast]) }
                    .as("failFast ${failFast}").isInstanceOf(FlowInterruptedException)

            assertThat(called).as("failFast ${failFast}").containsExactly('eu')
            assertThat(helper.methodCallCount('error')).as("failFast ${failFast}").isZero()
            assertThat(echoed()).as("failFast ${failFast}").containsExactly(
                    'eu: interrupted: the build was aborted or timed out, or another cluster failed',
                    'us: interrupted: the build was aborted or timed out, or another cluster failed')
            assertJobStatusAborted()
        }
    }

    @Test
    void aFailedClusterInParallelStopsTheOthersWithFailFastAndFailsTheBuild() {
        List<String> called = []
        onStep('kubeDeploy') { Map args ->
            called << args.cluster
            args.cluster == 'eu' ? result('eu', 'rolled_back', 4, 3) : result(args.cluster, 'deployed')
        }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'], files: ['k8s'],
                                                      parallel: true]) }
                .isInstanceOf(PipelineError).hasMessage('deployRelease: web failed or was skipped on eu, us')

        assertThat(called).containsExactly('eu')
        assertThat(echoed()).containsExactly('eu: release web revision 4 rolled_back (rolled back to revision 3)',
                'us: interrupted: the build was aborted or timed out, or another cluster failed')
        assertJobStatusFailure()
    }

    @Test
    void aFailedClusterInParallelWithoutFailFastLetsTheOthersFinish() {
        onStep('kubeDeploy') { Map args ->
            if (args.cluster == 'eu') {
                throw new PipelineError('kubeDeploy: no Kube Ops cluster named eu')
            }
            result(args.cluster, 'deployed')
        }

        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu', 'us'], files: ['k8s'],
                                                      parallel: true, failFast: false]) }
                .hasMessage('deployRelease: web failed or was skipped on eu')

        assertThat(echoed()).containsExactly('eu: error: kubeDeploy: no Kube Ops cluster named eu', 'us: release web revision 3 deployed')
    }
}
