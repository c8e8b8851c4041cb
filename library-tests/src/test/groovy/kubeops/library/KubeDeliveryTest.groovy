package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

class KubeDeliveryTest extends LibraryTestBase {

    static final Map CANARY = [target: [deployment: 'web'], images: [web: 'registry.example/web:2.0'],
                               steps: [[setWeight: 20], [pause: [:]]]]

    static final Map ARGS = [release: 'web', namespace: 'shop', templates: 'deploy/web', set: ['image.tag=2.0'],
                             staging: 'staging', production: 'prod', canary: CANARY]

    static final List<String> FLOW = ['stage', 'kubeDeploy', 'kubeCanary', 'input', 'error']

    List<String> deployedTo = []
    List<String> canaryActions = []

    @BeforeEach
    void healthyClusters() {
        onStep('kubeDeploy') { Map args ->
            deployedTo << args.cluster
            [cluster: args.cluster, release: args.release, revision: 7, status: 'deployed']
        }
        onStep('kubeCanary') { Map args ->
            canaryActions << args.action
            args.action == 'start' ? [phase: 'PAUSED', step: 2, steps: 2, weight: 20, pausedFor: 'pause (until promoted)']
                    : [phase: args.action == 'abort' ? 'ABORTED' : 'PROMOTED', outcome: args.action]
        }
    }

    @Test
    void deploysToStagingRunsTheCanaryInProductionAndPromotes() {
        Map outcome = runVar('kubeDelivery', ARGS)

        assertThat(stepsCalled(FLOW)).containsExactly('stage', 'kubeDeploy', 'stage', 'kubeCanary', 'input', 'kubeCanary',
                'stage', 'kubeDeploy')
        assertThat(helper.callStack.findAll { it.methodName == 'stage' }*.args*.getAt(0)).containsExactly('Staging', 'Canary',
                'Promote')
        assertThat(deployedTo).containsExactly('staging', 'prod')
        assertThat(canaryActions).containsExactly('start', 'promote')
        assertThat(callArgs('kubeDeploy')[0]).isEqualTo([cluster: 'staging', release: 'web', namespace: 'shop', atomic: true,
                                                         failOnError: false, templates: 'deploy/web', set: ['image.tag=2.0']])
        Map expectedSpec = new LinkedHashMap(CANARY)
        expectedSpec.target = new LinkedHashMap(CANARY.target as Map) + [release: 'web']
        assertThat(callArgs('kubeCanary')[0]).containsEntry('cluster', 'prod').containsEntry('namespace', 'shop')
                .containsEntry('spec', expectedSpec)
        assertThat(outcome.keySet()).containsExactly('staging', 'canary', 'production')
        assertJobStatusSuccess()
    }

    @Test
    void theCanaryIsRecordedInTheReleasesProductionHistoryUnlessItsSpecNamesAnotherRelease() {
        runVar('kubeDelivery', ARGS)
        assertThat(callArgs('kubeCanary')[0].spec.target.release).isEqualTo('web')
        assertThat(CANARY.target).doesNotContainKey('release')

        helper.callStack.clear()
        Map named = new LinkedHashMap(ARGS)
        named.canary = new LinkedHashMap(CANARY) + [target: [deployment: 'web', release: 'web-frontend']]
        runVar('kubeDelivery', named)
        assertThat(callArgs('kubeCanary')[0].spec.target.release).isEqualTo('web-frontend')
    }

    @Test
    void aFailedStagingDeployStopsBeforeProduction() {
        onStep('kubeDeploy') { Map args -> [cluster: args.cluster, release: 'web', revision: 8, status: 'rolled_back', rolledBackTo: 7] }

        assertThatThrownBy { runVar('kubeDelivery', ARGS) }.hasMessage('deployRelease: web failed or was skipped on staging')

        assertThat(helper.methodCallCount('kubeCanary')).isZero()
        assertJobStatusFailure()
    }

    @Test
    void aFailedCanaryIsRolledBackAndFailsTheBuildWithoutPromoting() {
        onStep('kubeCanary') { Map args ->
            canaryActions << args.action
            [phase: 'ABORTED', outcome: 'analysis failed: latency p99 412ms > 300ms']
        }

        assertThatThrownBy { runVar('kubeDelivery', ARGS) }
                .hasMessage('canaryRelease: the canary of Deployment shop/web on prod was rolled back: analysis failed: ' +
                        'latency p99 412ms > 300ms')

        assertThat(deployedTo).containsExactly('staging')
        assertJobStatusFailure()
    }

    @Test
    void aProductionDeployThatRollsBackAfterThePromotionFailsTheBuild() {
        onStep('kubeDeploy') { Map args ->
            deployedTo << args.cluster
            args.cluster == 'prod' ? [cluster: 'prod', release: 'web', revision: 8, status: 'rolled_back', rolledBackTo: 7]
                    : [cluster: args.cluster, release: 'web', revision: 7, status: 'deployed']
        }

        assertThatThrownBy { runVar('kubeDelivery', ARGS) }.hasMessage('deployRelease: web failed or was skipped on prod')

        assertThat(canaryActions).containsExactly('start', 'promote')
        assertThat(callArgs('kubeDeploy')[1].atomic).isEqualTo(true)
        assertJobStatusFailure()
    }

    @Test
    void anAbortAtTheCanaryPauseRollsBackAndEndsTheBuildAborted() {
        onInput { Map args -> rejectInput() }

        assertThatThrownBy { runVar('kubeDelivery', ARGS) }.isInstanceOf(FlowInterruptedException)

        assertThat(canaryActions).containsExactly('start', 'abort')
        assertThat(deployedTo).containsExactly('staging')
        assertThat(helper.methodCallCount('error')).isZero()
        assertJobStatusAborted()
    }

    @Test
    void anAbortDuringTheStagingDeployPropagatesBeforeTheCanary() {
        onStep('kubeDeploy') { Map args -> interruptBuild() }

        assertThatThrownBy { runVar('kubeDelivery', ARGS) }.isInstanceOf(FlowInterruptedException)

        assertThat(helper.methodCallCount('kubeCanary')).isZero()
        assertJobStatusAborted()
    }

    @Test
    void productionCanBeApprovedBeforeTheCanaryStarts() {
        List<String> asked = []
        onInput { Map args -> asked << args.message; null }

        runVar('kubeDelivery', ARGS + [approveProduction: true, submitter: 'ops'])

        assertThat(asked[0]).isEqualTo('Staging is done. Start the canary of web in prod?')
        assertThat(callArgs('input')*.submitter).containsExactly('ops', 'ops')
    }

    @Test
    void checksEveryStagesArgumentsBeforeDeployingAnything() {
        assertThatThrownBy { runVar('kubeDelivery', [release: 'web', namespace: 'shop', templates: 't', chart: 'c', production: 'prod',
                                                     canary: [:], approveProduction: 'yes']) }
                .hasMessageContaining('staging: clusters is required')
                .hasMessageContaining('staging: give exactly one of templates, files or chart (got templates, chart)')
                .hasMessageContaining('canary: spec is required')
                .hasMessageContaining("approveProduction must be true or false, not 'yes'")
        assertThat(helper.methodCallCount('kubeDeploy')).isZero()
    }
}
