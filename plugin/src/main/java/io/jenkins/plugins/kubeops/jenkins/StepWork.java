package io.jenkins.plugins.kubeops.jenkins;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * The execution of the plugin's synchronous steps: runs the step's work off the CPS thread. Not resumable, so the work
 * (the step with its arguments) is kept in memory only, as core's own synchronous steps keep theirs: a controller restart
 * fails the step.
 */
public final class StepWork<T> extends SynchronousNonBlockingStepExecution<T> {

    /** What the step does with its context (the build, its log). */
    @FunctionalInterface
    public interface Work<T> {
        T run(StepContext context) throws Exception;
    }

    private static final long serialVersionUID = 1L;

    private final transient Work<T> work;

    public StepWork(StepContext context, Work<T> work) {
        super(context);
        this.work = work;
    }

    @Override
    protected T run() throws Exception {
        return work.run(getContext());
    }
}
