package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.jupiter.api.Test

class CanaryReleaseTest extends LibraryTestBase {

    static final Map SPEC = [target: [deployment: 'web'], images: [web: 'registry.example/web:2.0'],
                             steps: [[setWeight: 10], [pause: [:]], [setWeight: 50]]]

    static final Map ARGS = [cluster: 'prod', namespace: 'shop', spec: SPEC]

    static Map report(String phase, Map more = [:]) {
        [phase: phase, outcome: phase == 'PROMOTED' ? 'all 3 steps passed' : '', step: 2, steps: 3, weight: 10,
         pausedFor: null] + more
    }

    static final Map PAUSED = report('PAUSED', [pausedFor: 'pause (until promoted)'])

    /** kubeCanary answering each action in turn with the given reports. */
    void canaryAnswers(Map<String, List<Map>> byAction) {
        onStep('kubeCanary') { Map args ->
            List<Map> answers = byAction[args.action]
            assert answers: "unexpected kubeCanary action ${args.action}"
            answers.size() > 1 ? answers.remove(0) : answers[0]
        }
    }

    List<String> actions() {
        callArgs('kubeCanary')*.action
    }

    @Test
    void aPauseBecomesAnInputAndPromoteContinuesTheCanary() {
        canaryAnswers(start: [PAUSED], promote: [report('PROMOTED')])
        List<Map> asked = []
        onInput { Map args -> asked << args; null }

        Map result = runVar('canaryRelease', ARGS + [submitter: 'release-managers'])

        assertThat(result.phase).isEqualTo('PROMOTED')
        assertThat(stepsCalled(['kubeCanary', 'input'])).containsExactly('kubeCanary', 'input', 'kubeCanary')
        assertThat(actions()).containsExactly('start', 'promote')
        assertThat(callArgs('kubeCanary')[0]).isEqualTo([cluster: 'prod', namespace: 'shop', spec: SPEC, action: 'start',
                                                         returnWhenPaused: true])
        assertThat(asked[0]).isEqualTo([message: 'Canary of Deployment shop/web on prod at step 2/3, 10% of the traffic: pause ' +
                '(until promoted). Promote continues the canary; Abort rolls it back.', ok: 'Promote', submitter: 'release-managers'])
        assertJobStatusSuccess()
    }

    @Test
    void abortAtTheInputRollsTheCanaryBackAndEndsTheBuildAborted() {
        canaryAnswers(start: [PAUSED], abort: [report('ABORTED', [outcome: 'aborted: aborted in Jenkins'])])
        onInput { Map args -> rejectInput() }

        assertThatThrownBy { runVar('canaryRelease', ARGS) }.isInstanceOf(FlowInterruptedException)

        assertThat(actions()).containsExactly('start', 'abort')
        assertThat(callArgs('kubeCanary')[1].reason).isEqualTo('aborted in Jenkins')
        assertJobStatusAborted()
    }

    @Test
    void anAbortWhileTheStepDrivesTheCanaryRollsItBack() {
        onStep('kubeCanary') { Map args -> args.action == 'start' ? interruptBuild() : report('ABORTED') }

        assertThatThrownBy { runVar('canaryRelease', ARGS) }.isInstanceOf(FlowInterruptedException)

        assertThat(actions()).containsExactly('start', 'abort')
        assertJobStatusAborted()
    }

    @Test
    void aCanaryTheAnalysisRolledBackFailsTheBuild() {
        canaryAnswers(start: [report('ABORTED', [outcome: 'analysis failed: success-rate 91.2% < 99%'])])

        assertThatThrownBy { runVar('canaryRelease', ARGS) }
                .isInstanceOf(PipelineError)
                .hasMessage('canaryRelease: the canary of Deployment shop/web on prod was rolled back: analysis failed: ' +
                        'success-rate 91.2% < 99%')
        assertThat(actions()).containsExactly('start')
        assertJobStatusFailure()
    }

    @Test
    void aRollBackThatFailsIsReportedAndTheAbortStillPropagates() {
        onStep('kubeCanary') { Map args ->
            if (args.action == 'abort') {
                throw new PipelineError('kubeCanary: no canary of shop/web')
            }
            PAUSED
        }
        onInput { Map args -> rejectInput() }

        assertThatThrownBy { runVar('canaryRelease', ARGS) }.isInstanceOf(FlowInterruptedException)

        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString().join('\n'))
                .contains('could not roll back the canary of Deployment shop/web: kubeCanary: no canary of shop/web')
    }

    @Test
    void rejectsBadArgumentsBeforeStarting() {
        assertThatThrownBy { runVar('canaryRelease', [cluster: 'prod', spec: 'canary.yaml', weight: 10]) }
                .hasMessageContaining("unknown argument 'weight'")
                .hasMessageContaining('namespace is required')
                .hasMessageContaining('spec is required')
        assertThat(helper.methodCallCount('kubeCanary')).isZero()
    }
}
