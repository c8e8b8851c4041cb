package kubeops.library

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/**
 * Jenkins saves a running pipeline's state (every local variable, so the library objects the vars hold) after each step, with
 * Java serialization; an object that cannot be written fails the build at its next step. Each class round-trips here.
 */
class LibraryClassesSerializationTest {

    static Object roundTrip(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream()
        new ObjectOutputStream(bytes).withCloseable { it.writeObject(value) }
        return new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).withCloseable { it.readObject() }
    }

    @Test
    void everyLibraryObjectAVarHoldsSurvivesAPipelineSave() {
        Map release = [release: 'web', namespace: 'shop', clusters: ['eu'], templates: 't']
        Map canary = [cluster: 'prod', namespace: 'shop', spec: [target: [deployment: 'web'], steps: [[setWeight: 10]]]]
        List<Object> objects = [
                new ReleaseDeployment(release),
                new ClusterUpgrade([cluster: 'prod', to: 'v1.36.1'], null),
                new CanaryRelease(canary),
                new KubeDelivery(release + [staging: 'staging', production: 'prod', canary: canary.spec]),
                new AgentSpec([label: 'maven']),
                new ClusterReport([cluster: 'prod', readyNodes: 1], [:]),
        ]

        objects.each { Object original ->
            Object copy = roundTrip(original)
            assertThat(copy).as(original.class.simpleName).isInstanceOf(original.class)
        }
        assertThat(roundTrip(objects[0]).args).isEqualTo(release)
        assertThat(roundTrip(objects[1]).planArguments()).isEqualTo([cluster: 'prod', to: 'v1.36.1'])
        assertThat(roundTrip(objects[4]).podYaml()).isEqualTo(objects[4].podYaml())
    }
}
