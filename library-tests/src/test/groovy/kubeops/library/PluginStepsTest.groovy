package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The library tests' plugin steps come from the plugin's step classes, so a changed step breaks the var that uses it. */
class PluginStepsTest extends LibraryTestBase {

    static final Path FIXTURES = Paths.get('library-tests/src/test/resources')

    @TempDir
    Path temporary

    @Test
    void readsNamesRequiredAndOptionalParametersAndBodiesAsJenkinsBindsThem() {
        Map<String, PluginSteps.Step> steps = PluginSteps.read(FIXTURES.resolve('plugin-steps-fixture'))

        assertThat(steps.keySet()).containsExactly('countTo', 'greet', 'ping')
        PluginSteps.Step greet = steps.greet
        assertThat(greet.stepClass()).isEqualTo('example.GreetStep')
        assertThat(greet.parameters()).containsExactly(
                entry('name', 'String'), entry('loud', 'boolean'), entry('CC', 'List<String>'), entry('prefix', 'String'),
                entry('timeout', 'String'))
        assertThat(greet.required()).containsExactly('name')
        assertThat(greet.takesBody()).isFalse()
        assertThat(steps.countTo.parameters()).containsExactly(entry('limit', 'int'))
        assertThat(steps.countTo.takesBody()).isTrue()
        assertThat(steps.ping.parameters()).containsExactly(entry('target', 'String'), entry('count', 'int'))
    }

    @Test
    void refusesAStepWhoseNameItCannotRead() {
        assertThatThrownBy { PluginSteps.read(FIXTURES.resolve('plugin-steps-unnamed')) }
                .hasMessageContaining('cannot read the name of step example.NamelessStep')
    }

    @Test
    void readsTheKubeOpsPluginsSteps() {
        assertThat(PLUGIN_STEP_CLASSES.keySet()).contains('kubeClusterInfo', 'kubeDeploy', 'kubePool', 'etcdBackup', 'etcdPrune',
                'etcdRestoreDrill')
        assertThat(PLUGIN_STEP_CLASSES.kubeDeploy.required()).containsExactly('cluster', 'release', 'namespace')
        assertThat(PLUGIN_STEP_CLASSES.kubeDeploy.parameters().keySet()).contains('templates', 'atomic', 'failOnError', 'timeout')
        assertThat(PLUGIN_STEP_CLASSES.kubePool.parameters().keySet()).containsExactly('label', 'cpu', 'memory')
        assertThat(PLUGIN_STEP_CLASSES.etcdVerifyFile.required()).containsExactly('file')
        assertThat(PLUGIN_STEP_CLASSES.etcdImport.required()).containsExactly('cluster', 'store', 'file')
        assertThat(PLUGIN_STEP_CLASSES.etcdImport.parameters().keySet()).containsExactly('cluster', 'store', 'file', 'createdAt',
                'deepCheck')
        assertThat(PLUGIN_STEP_CLASSES.etcdBackup.parameters().keySet()).contains('deepCheck', 'metricsTextfile')
    }

    @Test
    void aParameterRenamedInThePluginFailsTheVarThatStillPassesIt() {
        Path sources = copyPluginSources()
        Path step = Files.walk(sources).filter { it.fileName.toString() == 'KubeDeployStep.java' }.findFirst().get()
        Files.writeString(step, Files.readString(step).replace('public void setAtomic(boolean atomic)',
                'public void setAtomically(boolean atomic)'))
        Map<String, PluginSteps.Step> renamed = PluginSteps.read(sources)
        assertThat(renamed.kubeDeploy.parameters().keySet()).contains('atomically').doesNotContain('atomic')

        registerPluginSteps(renamed.collectEntries { name, signature -> [(name): signature.parameters().keySet()] })
        onStep('kubeDeploy') { Map args -> [status: 'deployed'] }

        // deployRelease reports a step that fails to start as that cluster's error, as in Jenkins, and fails the build.
        assertThatThrownBy { runVar('deployRelease', [release: 'web', namespace: 'shop', clusters: ['eu'], templates: 't']) }
                .hasMessage('deployRelease: web failed or was skipped on eu')
        assertThat(helper.callStack.findAll { it.methodName == 'echo' }*.argsToString().join('\n'))
                .startsWith('eu: error: kubeDeploy does not take [atomic]')
    }

    private Path copyPluginSources() {
        Path copy = temporary.resolve('java')
        Path root = PLUGIN_SOURCES
        Files.walk(root).each { Path source ->
            Path target = copy.resolve(root.relativize(source).toString())
            if (Files.isDirectory(source)) {
                Files.createDirectories(target)
            } else {
                Files.copy(source, target)
            }
        }
        return copy
    }

    private static Map.Entry<String, String> entry(String key, String value) {
        new AbstractMap.SimpleEntry<String, String>(key, value)
    }
}
