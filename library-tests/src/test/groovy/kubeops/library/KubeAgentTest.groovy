package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.junit.jupiter.api.Test

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
        assertThat(podTemplate.yaml as String).contains("        cpu: '2'\n        memory: '4Gi'\n")
        assertThat(helper.callStack.findAll { it.methodName == 'node' }*.args.flatten()).contains('kube-ops-pod-label')
    }

    @Test
    void usesDefaultRequestsAndPassesImageAndInheritance() {
        onStep('kubePool') { Map args -> 'only' }

        runVar('kubeAgent', [label: 'maven', image: 'registry.example/agent:1', inheritFrom: 'base jdk21']) { }

        assertThat(callArgs('kubePool')[0]).isEqualTo([label: 'maven', cpu: '1', memory: '2Gi'])
        Map podTemplate = callArgs('podTemplate')[0]
        assertThat(podTemplate.inheritFrom).isEqualTo('base jdk21')
        assertThat(podTemplate.yaml as String).contains("    image: 'registry.example/agent:1'\n")
    }

    @Test
    void refusesValuesThatWouldChangeThePodYamlAndCreatesNothing() {
        onStep('kubePool') { Map args -> throw new AssertionError('must not be called') }

        assertThatThrownBy { runVar('kubeAgent', [label: 'maven', cpu: "1'\n    privileged: true", labl: 'x']) { } }
                .hasMessageContaining("unknown argument 'labl'")
                .hasMessageContaining("cpu '1'\n    privileged: true' is invalid: use a CPU quantity such as '2' or '500m'")
        assertThat(helper.methodCallCount('podTemplate')).isZero()
    }

    @Test
    void requiresALabel() {
        assertThatThrownBy { runVar('kubeAgent', [:]) { } }.hasMessageContaining("label 'null' is invalid")
    }
}
