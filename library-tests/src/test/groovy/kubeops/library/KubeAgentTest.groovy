package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest
import org.junit.jupiter.api.Test
import org.snakeyaml.engine.v2.api.Load
import org.snakeyaml.engine.v2.api.LoadSettings

class KubeAgentTest extends LibraryTestBase {

    @Test
    void runsTheBodyOnAPodFromTheCloudThePoolChose() {
        onStep('kubePool') { Map args -> 'k8s-east' }
        List<String> ranOn = []

        def result = runVar('kubeAgent', [label: 'maven', cpu: '2', memory: '4Gi']) {
            ranOn << binding.getVariable('POD_LABEL')
            return 'built'
        }

        assertThat(result).isEqualTo('built')
        assertThat(ranOn).containsExactly('kube-ops-pod-label')
        assertThat(callArgs('kubePool')).containsExactly([label: 'maven', cpu: '2', memory: '4Gi'])
        Map podTemplate = callArgs('podTemplate')[0]
        assertThat(podTemplate.cloud).isEqualTo('k8s-east')
        assertThat(podTemplate.yaml as String).contains('        cpu: "2"\n        memory: "4Gi"\n')
        assertThat(helper.callStack.findAll { it.methodName == 'node' }*.args.flatten()).contains('kube-ops-pod-label')
    }

    @Test
    void usesDefaultRequestsAndPassesImageAndInheritance() {
        onStep('kubePool') { Map args -> 'only' }

        runVar('kubeAgent', [label: 'maven', image: 'registry.example/agent:1', inheritFrom: 'base jdk21']) { }

        assertThat(callArgs('kubePool')[0]).isEqualTo([label: 'maven', cpu: '1', memory: '2Gi'])
        Map podTemplate = callArgs('podTemplate')[0]
        assertThat(podTemplate.inheritFrom).isEqualTo('base jdk21')
        assertThat(podTemplate.yaml as String).contains('    image: "registry.example/agent:1"\n')
    }

    /** kubePool as the plugin runs it: the engine reads the quantities, and a bad one fails the step with the engine's message. */
    void kubePoolChecksQuantitiesWithTheEngine() {
        onStep('kubePool') { Map args ->
            try {
                AgentRequest.ofQuantities(args.cpu as String, args.memory as String)
            } catch (KubeOpsException e) {
                throw new PipelineError("kubePool: ${e.message}".toString())
            }
            return 'k8s-east'
        }
    }

    @Test
    void aBadQuantityFailsWithTheEnginesRuleBeforeAnyPodIsCreated() {
        kubePoolChecksQuantitiesWithTheEngine()

        assertThatThrownBy { runVar('kubeAgent', [label: 'maven', cpu: "1'\n    privileged: true"]) { } }
                .hasMessage("kubePool: CPU '1'\n    privileged: true' is not a Kubernetes quantity: use e.g. '8', '500m' or '64Gi'.")
        assertThat(helper.methodCallCount('podTemplate')).isZero()
    }

    @Test
    void unknownArgumentsFailBeforeThePoolIsAsked() {
        onStep('kubePool') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy { runVar('kubeAgent', [label: 'maven', labl: 'x', memory: ['4Gi']]) { } }
                .hasMessageContaining("unknown argument 'labl'")
                .hasMessageContaining("memory '[4Gi]' is invalid: pass a Kubernetes quantity as text")
        assertThat(helper.methodCallCount('podTemplate')).isZero()
    }

    @Test
    void noValueCanAddFieldsToThePodWhateverItContains() {
        String hostile = "1\"\n    securityContext: {privileged: true}\n    x: '\\"
        AgentSpec spec = new AgentSpec([label: 'maven', cpu: hostile, memory: hostile, image: hostile])

        Map pod = new Load(LoadSettings.builder().build()).loadFromString(spec.podYaml()) as Map

        Map container = (pod.spec.containers as List<Map>)[0]
        assertThat(container.keySet()).containsExactly('name', 'image', 'resources')
        assertThat(container.image).isEqualTo(hostile)
        assertThat(container.resources).isEqualTo([requests: [cpu: hostile, memory: hostile]])
    }

    @Test
    void anAbortInTheBodyEndsTheBuildAborted() {
        onStep('kubePool') { Map args -> 'k8s-east' }

        assertThatThrownBy { runVar('kubeAgent', [label: 'maven']) { interruptBuild() } }
                .isInstanceOf(org.jenkinsci.plugins.workflow.steps.FlowInterruptedException)
        assertJobStatusAborted()
    }

    @Test
    void requiresALabel() {
        assertThatThrownBy { runVar('kubeAgent', [:]) { } }.hasMessageContaining("label 'null' is invalid")
    }
}
