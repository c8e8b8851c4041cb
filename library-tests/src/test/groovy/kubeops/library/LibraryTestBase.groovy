package kubeops.library

import com.lesfurets.jenkins.unit.BasePipelineTest
import org.codehaus.groovy.ast.ClassCodeVisitorSupport
import org.codehaus.groovy.ast.expr.MethodCallExpression
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit
import org.junit.jupiter.api.BeforeEach

/**
 * Base for shared-library tests (JenkinsPipelineUnit on Jenkins' Groovy 2.4). Vars run against JPU's stand-ins for core
 * steps plus the Kube Ops plugin's steps, each accepting exactly the arguments the real step has; a var that calls anything
 * else fails, as it would in Jenkins. {@code error} throws, as in Jenkins.
 */
abstract class LibraryTestBase extends BasePipelineTest {

    /** The Kube Ops plugin's pipeline steps and their arguments (see plugin/src/main/java/.../*Step.java). */
    static final Map<String, Set<String>> PLUGIN_STEPS = [
            kubeClusterInfo: ['cluster'] as Set,
            etcdBackup      : ['cluster', 'store', 'deepCheck'] as Set,
            etcdPrune       : ['cluster', 'store', 'keepLast', 'hourly', 'daily', 'weekly', 'maxAge', 'dryRun'] as Set,
            etcdRestoreDrill: ['cluster', 'store', 'backup'] as Set,
            kubePool       : ['label', 'cpu', 'memory'] as Set,
            kubeDeploy     : ['cluster', 'release', 'namespace', 'templates', 'files', 'chart', 'values', 'set', 'dryRun',
                              'atomic', 'force', 'wait', 'timeout', 'lockWait', 'allowPrune', 'allowEmpty', 'historyLimit',
                              'failOnError'] as Set,
    ].asImmutable()

    /**
     * Steps with a body from other plugins the library uses, with the arguments it passes (a subset of theirs):
     * kubernetes-plugin's podTemplate.
     */
    static final Map<String, Set<String>> BLOCK_STEPS = [
            podTemplate: ['cloud', 'yaml', 'inheritFrom', 'label', 'namespace'] as Set,
    ].asImmutable()

    /** Thrown by the {@code error} step, like hudson.AbortException in Jenkins. */
    static class PipelineError extends RuntimeException {
        PipelineError(String message) { super(message) }
    }

    protected final Map<String, Closure> stepHandlers = [:]

    @BeforeEach
    void setUpLibrary() {
        scriptRoots = ['vars'] as String[]
        super.setUp()
        helper.registerAllowedMethod('error', [String], { String message ->
            updateBuildStatus('FAILURE')
            throw new PipelineError(message)
        })
        registerBlockSteps()
        registerParallel()
        PLUGIN_STEPS.each { String step, Set<String> parameters ->
            helper.registerAllowedMethod(step, [Map], { Map args ->
                Set<String> unknown = args.keySet() - parameters
                if (unknown) {
                    throw new IllegalArgumentException("${step} does not take ${unknown}; it takes ${parameters}")
                }
                Closure handler = stepHandlers[step]
                if (handler == null) {
                    throw new AssertionError("test did not say what ${step} returns: call onStep('${step}') { ... }")
                }
                return handler.call(args)
            })
        }
    }

    /**
     * workflow-cps' parallel: runs the branches one after another (deterministic), and with failFast stops after the first
     * branch that throws, then rethrows as Jenkins does.
     */
    private void registerParallel() {
        helper.registerAllowedMethod('parallel', [Map], { Map branches ->
            boolean failFast = branches.failFast == true
            Throwable first = null
            branches.findAll { it.key != 'failFast' }.each { name, Closure branch ->
                if (first != null && failFast) {
                    return
                }
                try {
                    branch.call()
                } catch (Throwable t) {
                    first = first ?: t
                }
            }
            if (first != null) {
                throw first
            }
        })
    }

    /** Registers the block steps: they check their arguments and run the body with POD_LABEL set, as kubernetes-plugin does. */
    private void registerBlockSteps() {
        BLOCK_STEPS.each { String step, Set<String> parameters ->
            helper.registerAllowedMethod(step, [Map, Closure], { Map args, Closure body ->
                Set<String> unknown = args.keySet() - parameters
                if (unknown) {
                    throw new IllegalArgumentException("${step} does not take ${unknown}; it takes ${parameters}")
                }
                binding.setVariable('POD_LABEL', 'kube-ops-pod-label')
                return body.call()
            })
        }
    }

    /** Says what a plugin step does in this test (e.g. returns a map, or calls the real engine). */
    void onStep(String step, Closure handler) {
        assert PLUGIN_STEPS.containsKey(step): "${step} is not a Kube Ops plugin step"
        stepHandlers[step] = handler
    }

    /** Runs {@code vars/NAME.groovy} with the given arguments, as a pipeline calling {@code NAME(args)} would. */
    Object runVar(String name, Map args) {
        Script var = loadScript("${name}.groovy")
        return var.call(args)
    }

    /** Runs a var that takes a body, as {@code NAME(args) { ... }} would. */
    Object runVar(String name, Map args, Closure body) {
        Script var = loadScript("${name}.groovy")
        return var.call(args, body)
    }

    /** Names of all registered steps (JPU's core stand-ins and the plugin's). */
    Set<String> registeredSteps() {
        (helper.allowedMethodCallbacks.keySet()*.name as Set) + BLOCK_STEPS.keySet()
    }

    /**
     * Calls in a var's source to methods on the implicit receiver (steps, other vars, the var's own methods): checked
     * statically, so a step on a path no test takes still counts.
     */
    static Set<String> implicitCalls(File varFile) {
        CompilationUnit unit = new CompilationUnit()
        unit.addSource(varFile)
        unit.compile(Phases.CONVERSION)
        Set<String> calls = [] as Set
        Set<String> parameters = [] as Set
        SourceUnit source = unit.iterator().next()
        source.AST.classes.each { classNode ->
            new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() { source }

                // body() where body is a parameter or a local variable calls a closure, not a step.
                @Override
                void visitMethod(org.codehaus.groovy.ast.MethodNode method) {
                    parameters.clear()
                    parameters.addAll(method.parameters*.name)
                    super.visitMethod(method)
                }

                @Override
                void visitDeclarationExpression(org.codehaus.groovy.ast.expr.DeclarationExpression declaration) {
                    if (!declaration.multipleAssignmentDeclaration) {
                        parameters << declaration.variableExpression.name
                    }
                    super.visitDeclarationExpression(declaration)
                }

                @Override
                void visitMethodCallExpression(MethodCallExpression call) {
                    // Generated script code (main -> runScript) has no line number.
                    if (call.implicitThis && call.methodAsString && call.lineNumber > 0
                            && !parameters.contains(call.methodAsString)) {
                        calls << call.methodAsString
                    }
                    super.visitMethodCallExpression(call)
                }
            }.visitClass(classNode)
        }
        return calls
    }
}
