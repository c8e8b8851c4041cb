package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.junit.jupiter.api.Test

/** Rules every var in vars/ must follow. */
class VarsContractTest extends LibraryTestBase {

    static List<File> vars() {
        new File('vars').listFiles().findAll { it.name.endsWith('.groovy') }.sort()
    }

    @Test
    void everyVarHasAHelpFile() {
        assertThat(vars()).isNotEmpty()
        vars().each { File var ->
            File help = new File(var.parentFile, var.name.replace('.groovy', '.txt'))
            assertThat(help).as("help for ${var.name}").exists()
            assertThat(help.text).as("help for ${var.name}").contains(var.name - '.groovy')
        }
    }

    @Test
    void everyVarCallsOnlyRegisteredStepsVarsOrItsOwnMethods() {
        Set<String> known = registeredSteps() + (vars()*.name.collect { it - '.groovy' } as Set)
        vars().each { File var ->
            Set<String> own = (var.text =~ /(?m)^\s*(?:def|void|Object|Map|List|String|boolean|int)\s+(\w+)\s*\(/).collect { it[1] } as Set
            Set<String> unknown = implicitCalls(var) - known - own
            assertThat(unknown).as("${var.name} calls steps that are neither Jenkins core stand-ins nor Kube Ops plugin steps")
                    .isEmpty()
        }
    }

    @Test
    void everyLibraryClassCallsOnlyRegisteredSteps() {
        List<File> classes = []
        new File('src/kubeops').eachFileRecurse { if (it.name.endsWith('.groovy')) { classes << it } }
        assertThat(classes).isNotEmpty()
        classes.each { File source ->
            assertThat(callsOnSteps(source) - registeredSteps()).as("${source.name} calls steps that are neither Jenkins core " +
                    'stand-ins nor Kube Ops plugin steps').isEmpty()
        }
    }

    @Test
    void noVarOrLibraryClassSwallowsAnAbortOrATimeout() {
        List<File> sources = vars()
        new File('src/kubeops').eachFileRecurse { if (it.name.endsWith('.groovy')) { sources << it } }
        sources.each { File source ->
            assertThat(catchesSwallowingInterruptions(source)).as("${source.path}: a catch of Exception, Throwable or anything " +
                    'must follow a catch (InterruptedException e) { throw e }, or rethrow what it caught').isEmpty()
        }
    }

    @Test
    void theInterruptionCheckFindsACatchThatSwallowsAnAbort() {
        File dir = File.createTempDir()
        File var = new File(dir, 'swallow.groovy')
        var.text = """def call(Map args) {
            try { kubeDeploy(args) } catch (InterruptedException e) { throw e } catch (Exception e) { echo 'fine' }
            try { kubeDeploy(args) } catch (Exception e) { echo 'swallowed' ; throw e }
            try { kubeDeploy(args) } catch (e) { echo 'swallowed' }
            try { kubeDeploy(args) } catch (Exception e) { echo 'swallowed' }
        }"""
        try {
            assertThat(catchesSwallowingInterruptions(var)).containsExactly('line 4', 'line 5')
        } finally {
            dir.deleteDir()
        }
    }

    @Test
    void plannedStepsGiveWayToThePluginsOwnOnceItDefinesThem() {
        assertThat(PLANNED_STEPS.keySet().intersect(PLUGIN_STEP_CLASSES.keySet()))
                .as('the plugin now defines these steps: delete them from LibraryTestBase.PLANNED_STEPS').isEmpty()
    }

    @Test
    void aCallToAnUnregisteredStepFailsTheVar() {
        File dir = File.createTempDir()
        File var = new File(dir, 'typo.groovy')
        var.text = "def call(Map args) { kubeClusterInf(cluster: args.cluster) }"
        try {
            assertThat(implicitCalls(var) - registeredSteps()).containsExactly('kubeClusterInf')
            scriptRoots = [dir.path] as String[]
            helper.scriptRoots = scriptRoots
            helper.init()
            assertThatThrownBy { runVar('typo', [cluster: 'x']) }.isInstanceOf(MissingMethodException)
        } finally {
            dir.deleteDir()
        }
    }
}
