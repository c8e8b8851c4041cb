package kubeops.library

import com.lesfurets.jenkins.unit.BasePipelineTest
import com.lesfurets.jenkins.unit.cps.PipelineTestHelperCPS
import java.nio.file.Path
import java.nio.file.Paths
import org.codehaus.groovy.ast.ClassCodeVisitorSupport
import org.codehaus.groovy.ast.expr.MethodCallExpression
import org.codehaus.groovy.ast.expr.VariableExpression
import org.codehaus.groovy.control.CompilationUnit
import org.codehaus.groovy.control.Phases
import org.codehaus.groovy.control.SourceUnit
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException
import org.junit.jupiter.api.BeforeEach

/**
 * Base for shared-library tests (JenkinsPipelineUnit on Jenkins' Groovy 2.4). Vars run against JPU's stand-ins for core
 * steps plus the Kube Ops plugin's steps, each accepting exactly the parameters the plugin's step class declares (read from
 * plugin/src/main/java by {@link PluginSteps}); a var that calls anything else fails, as it would in Jenkins. {@code error}
 * throws, as in Jenkins. Aborts are modelled as Jenkins delivers them: a {@link FlowInterruptedException} thrown into the
 * running step ({@link #interruptBuild}, {@link #rejectInput}); a var that lets it through ends the build ABORTED.
 */
abstract class LibraryTestBase extends BasePipelineTest {

    static final Path PLUGIN_SOURCES = Paths.get('plugin/src/main/java')

    /** The Kube Ops plugin's pipeline steps, read from its sources. */
    static final Map<String, PluginSteps.Step> PLUGIN_STEP_CLASSES = PluginSteps.read(PLUGIN_SOURCES).asImmutable()

    /**
     * Steps the plugin is still adding (issues 9 and 10), with the parameters planned for them. Each entry is used only until
     * the plugin defines the step; VarsContractTest fails as soon as it does, so that the derived parameters take over.
     */
    static final Map<String, Set<String>> PLANNED_STEPS = [:].asImmutable()

    /** Every plugin step the library may call and its parameters: the plugin's own, then the planned ones. */
    static final Map<String, Set<String>> PLUGIN_STEPS = stepParameters(PLUGIN_STEP_CLASSES, PLANNED_STEPS)

    /**
     * Steps with a body from other plugins the library uses, with the arguments it passes (a subset of theirs):
     * kubernetes-plugin's podTemplate.
     */
    static final Map<String, Set<String>> BLOCK_STEPS = [
            podTemplate: ['cloud', 'yaml', 'inheritFrom', 'label', 'namespace'] as Set,
    ].asImmutable()

    /** pipeline-input-step's parameters (the library passes a subset). */
    static final Set<String> INPUT_PARAMETERS = ['message', 'id', 'ok', 'parameters', 'submitter', 'submitterParameter'] as Set

    /** Thrown by the {@code error} step, like hudson.AbortException in Jenkins. */
    static class PipelineError extends RuntimeException {
        PipelineError(String message) { super(message) }
    }

    protected final Map<String, Closure> stepHandlers = [:]

    /** What the person at an {@code input} does; by default they proceed. */
    protected Closure inputAnswer = { Map args -> null }

    /**
     * Set once the build was interrupted: parallel branches that had not finished are interrupted too, as Jenkins interrupts
     * every running step of the build.
     */
    protected boolean buildInterrupted = false

    /** The interruption the next step of the running parallel branch throws (a stopped branch), or null. */
    protected FlowInterruptedException pendingInterruption

    private static Map<String, Set<String>> stepParameters(Map<String, PluginSteps.Step> real, Map<String, Set<String>> planned) {
        Map<String, Set<String>> all = [:]
        real.each { String name, PluginSteps.Step step -> all[name] = step.parameters().keySet().asImmutable() }
        planned.each { String name, Set<String> parameters -> all.putIfAbsent(name, parameters) }
        return all.asImmutable()
    }

    /** The library's classes (src/kubeops/library), by name. */
    static final Set<String> LIBRARY_CLASSES = new File('src/kubeops/library').list().findAll { it.endsWith('.groovy') }
            .collect { 'kubeops.library.' + (it - '.groovy') }.toSet().asImmutable()

    private boolean cps

    /**
     * Runs the vars as Jenkins does: the vars and the library's classes compiled from source by groovy-cps' transformer; the
     * CPS helper also writes and reads back the program's state (Java serialization) when it runs a block (stage, parallel
     * branch, podTemplate body), as Jenkins saves a running build. Call from a subclass's constructor.
     */
    protected void runInCps() {
        cps = true
        helper = new PipelineTestHelperCPS()
        // The classes must come from src/ through the script engine (CPS-transformed), not the precompiled test classpath.
        baseClassLoader = new HidingClassLoader(LibraryTestBase.classLoader, LIBRARY_CLASSES)
    }

    /** Where vars (and, for CPS runs, the library's classes) are loaded from, relative to the repository root. */
    protected String[] libraryScriptRoots() {
        (cps ? ['vars', 'src'] : ['vars']) as String[]
    }

    @BeforeEach
    void setUpLibrary() {
        scriptRoots = libraryScriptRoots()
        super.setUp()
        helper.registerAllowedMethod('error', [String], { String message ->
            updateBuildStatus('FAILURE')
            throw new PipelineError(message)
        })
        registerBlockSteps()
        registerParallel()
        registerInput()
        registerPluginSteps(PLUGIN_STEPS)
    }

    /** Registers plugin steps that accept exactly the given parameters and answer as the test said ({@link #onStep}). */
    protected void registerPluginSteps(Map<String, Set<String>> steps) {
        steps.each { String step, Set<String> parameters ->
            helper.registerAllowedMethod(step, [Map], { Map args ->
                Set<String> unknown = args.keySet() - parameters
                if (unknown) {
                    throw new IllegalArgumentException("${step} does not take ${unknown}; it takes ${parameters}")
                }
                deliverPendingInterruption()
                Closure handler = stepHandlers[step]
                if (handler == null) {
                    throw new AssertionError("test did not say what ${step} returns: call onStep('${step}') { ... }")
                }
                return handler.call(args)
            })
        }
    }

    /**
     * workflow-cps' parallel, run one branch after another (deterministic). As in Jenkins: with failFast, the branches after a
     * failed one are stopped, and when the build was interrupted every unfinished branch is: the first step such a branch calls
     * throws FlowInterruptedException. The step then throws the first failure with failFast, otherwise the most severe one (any
     * exception, then the error step's, then interruptions), the others attached as suppressed.
     */
    private void registerParallel() {
        helper.registerAllowedMethod('parallel', [Map], { Map branches ->
            boolean failFast = branches.failFast == true
            List<Throwable> failures = []
            branches.findAll { it.key != 'failFast' }.each { name, Closure branch ->
                if (buildInterrupted) {
                    pendingInterruption = new FlowInterruptedException('ABORTED', 'Aborted by user')
                } else if (failFast && failures) {
                    pendingInterruption = new FlowInterruptedException('ABORTED', "Failed in branch ${name}".toString())
                }
                try {
                    helper.callClosure(branch)
                    if (pendingInterruption != null) {
                        failures << pendingInterruption
                    }
                } catch (Throwable t) {
                    failures << t
                } finally {
                    pendingInterruption = null
                }
            }
            if (failures) {
                List<Throwable> ordered = failFast ? failures : failures.sort(false) { Throwable t -> severity(t) }
                ordered.tail().each { ordered.head().addSuppressed(it) }
                throw ordered.head()
            }
        })
    }

    /** Throws the interruption a stopped parallel branch is to receive in its next step, if any. */
    protected void deliverPendingInterruption() {
        FlowInterruptedException interruption = pendingInterruption
        if (interruption != null) {
            pendingInterruption = null
            throw interruption
        }
    }

    protected static int severity(Throwable t) {
        t instanceof FlowInterruptedException ? 2 : t instanceof PipelineError ? 1 : 0
    }

    /** pipeline-input-step: {@code input(message: ..., ok: ...)} or {@code input('message')}; the test's answer decides. */
    private void registerInput() {
        helper.registerAllowedMethod('input', [Map], { Map args ->
            Set<String> unknown = args.keySet() - INPUT_PARAMETERS
            if (unknown) {
                throw new IllegalArgumentException("input does not take ${unknown}; it takes ${INPUT_PARAMETERS}")
            }
            deliverPendingInterruption()
            return inputAnswer.call(args)
        })
        helper.registerAllowedMethod('input', [String], { String message -> inputAnswer.call([message: message]) })
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
                return helper.callClosure(body)
            })
        }
    }

    /** Says what a plugin step does in this test (e.g. returns a map, or calls the real engine). */
    void onStep(String step, Closure handler) {
        assert PLUGIN_STEPS.containsKey(step): "${step} is not a Kube Ops plugin step"
        stepHandlers[step] = handler
    }

    /** Says what the person at each {@code input} does: return a value to proceed, or call {@link #rejectInput}. */
    void onInput(Closure answer) {
        inputAnswer = answer
    }

    /** The person clicks Abort at an input: Jenkins throws FlowInterruptedException (ABORTED) out of the input step. */
    static Object rejectInput() {
        throw new FlowInterruptedException('ABORTED', 'Rejected by admin')
    }

    /**
     * Someone aborts the build while the calling step runs: that step throws FlowInterruptedException, and every other
     * running step (other parallel branches) is interrupted as well. Steps called afterwards (cleanup) run normally.
     */
    Object interruptBuild() {
        buildInterrupted = true
        throw new FlowInterruptedException('ABORTED', 'Aborted by user')
    }

    /** Runs {@code vars/NAME.groovy} with the given arguments, as a pipeline calling {@code NAME(args)} would. */
    Object runVar(String name, Map args) {
        Script var = loadScript("${name}.groovy")
        return asBuild { var.call(args) }
    }

    /**
     * Runs a var that takes a body, as {@code NAME(args) { ... }} would. Steps in the body resolve against the pipeline's
     * stand-ins first, as the body of a Jenkinsfile calls its steps; the test's own methods remain reachable.
     */
    Object runVar(String name, Map args, Closure body) {
        Script var = loadScript("${name}.groovy")
        body.delegate = var
        body.resolveStrategy = Closure.DELEGATE_FIRST
        return asBuild { var.call(args, body) }
    }

    /** As Jenkins ends a build whose script threw FlowInterruptedException: with the exception's result (ABORTED). */
    private Object asBuild(Closure run) {
        try {
            return run.call()
        } catch (FlowInterruptedException e) {
            updateBuildStatus(e.result)
            throw e
        }
    }

    void assertJobStatusAborted() {
        assert binding.getVariable('currentBuild').result == 'ABORTED'
    }

    /** The steps called so far, in order, by name (JPU's call stack without the var's own script methods). */
    List<String> stepsCalled(Collection<String> names) {
        helper.callStack.findAll { it.methodName in names }*.methodName
    }

    /** The argument maps of every call of a step, in order. */
    List<Map> callArgs(String step) {
        helper.callStack.findAll { it.methodName == step }.collect { it.args[0] as Map }
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
        Set<String> calls = [] as Set
        visitCalls(varFile) { MethodCallExpression call, Set<String> locals ->
            // Generated script code (main -> runScript) has no line number.
            if (call.implicitThis && call.methodAsString && call.lineNumber > 0 && !locals.contains(call.methodAsString)) {
                calls << call.methodAsString
            }
        }
        return calls
    }

    /**
     * Steps a library class calls on its {@code steps} field (the var's script, through which classes reach pipeline steps),
     * checked statically like the vars.
     */
    static Set<String> callsOnSteps(File classFile) {
        Set<String> calls = [] as Set
        visitCalls(classFile) { MethodCallExpression call, Set<String> locals ->
            def receiver = call.objectExpression
            if (receiver instanceof VariableExpression && receiver.name == 'steps' && call.methodAsString) {
                calls << call.methodAsString
            }
        }
        return calls
    }

    static final Set<String> CATCH_ALL = ['Exception', 'java.lang.Exception', 'Throwable', 'java.lang.Throwable', 'Object',
                                          'java.lang.Object'] as Set

    /**
     * Catches that would take an abort or a timeout (Jenkins' FlowInterruptedException, an InterruptedException) for an
     * ordinary failure: a catch of Exception, Throwable or anything (untyped) with no earlier catch of InterruptedException
     * in the same try, whose block does not end by rethrowing what it caught. As "line N".
     */
    static List<String> catchesSwallowingInterruptions(File source) {
        CompilationUnit unit = new CompilationUnit()
        unit.addSource(source)
        unit.compile(Phases.CONVERSION)
        List<String> found = []
        SourceUnit sourceUnit = unit.iterator().next()
        sourceUnit.AST.classes.each { classNode ->
            new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() { sourceUnit }

                @Override
                void visitTryCatchFinally(org.codehaus.groovy.ast.stmt.TryCatchStatement statement) {
                    boolean interruptionsFirst = false
                    statement.catchStatements.each { org.codehaus.groovy.ast.stmt.CatchStatement handler ->
                        String type = handler.exceptionType.name
                        if (type.endsWith('InterruptedException')) {
                            interruptionsFirst = true
                        } else if (type in CATCH_ALL && !interruptionsFirst && !rethrows(handler)) {
                            found << "line ${handler.lineNumber}".toString()
                        }
                    }
                    super.visitTryCatchFinally(statement)
                }
            }.visitClass(classNode)
        }
        return found
    }

    private static boolean rethrows(org.codehaus.groovy.ast.stmt.CatchStatement handler) {
        def code = handler.code
        def last = code instanceof org.codehaus.groovy.ast.stmt.BlockStatement ? code.statements ? code.statements.last() : null : code
        return last instanceof org.codehaus.groovy.ast.stmt.ThrowStatement && last.expression instanceof VariableExpression &&
                last.expression.name == handler.variable.name
    }

    private static void visitCalls(File source, Closure onCall) {
        CompilationUnit unit = new CompilationUnit()
        unit.addSource(source)
        unit.compile(Phases.CONVERSION)
        Set<String> locals = [] as Set
        SourceUnit sourceUnit = unit.iterator().next()
        sourceUnit.AST.classes.each { classNode ->
            new ClassCodeVisitorSupport() {
                @Override
                protected SourceUnit getSourceUnit() { sourceUnit }

                // body() where body is a parameter or a local variable calls a closure, not a step.
                @Override
                void visitMethod(org.codehaus.groovy.ast.MethodNode method) {
                    locals.clear()
                    locals.addAll(method.parameters*.name)
                    super.visitMethod(method)
                }

                @Override
                void visitDeclarationExpression(org.codehaus.groovy.ast.expr.DeclarationExpression declaration) {
                    if (!declaration.multipleAssignmentDeclaration) {
                        locals << declaration.variableExpression.name
                    }
                    super.visitDeclarationExpression(declaration)
                }

                @Override
                void visitMethodCallExpression(MethodCallExpression call) {
                    onCall.call(call, locals)
                    super.visitMethodCallExpression(call)
                }
            }.visitClass(classNode)
        }
    }
}
