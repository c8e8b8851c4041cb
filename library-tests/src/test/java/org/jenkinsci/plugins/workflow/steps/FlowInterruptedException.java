package org.jenkinsci.plugins.workflow.steps;

/**
 * Test stand-in for workflow-step-api's exception of the same name, which Jenkins throws into a running step when the build is
 * aborted, a {@code timeout} expires, an {@code input} is rejected or a {@code parallel} branch is stopped by failFast. No
 * Jenkins artifact is reachable from this build, so the library tests use this class instead. Like the real one it is an
 * {@link InterruptedException}, and that is all the library relies on: its classes rethrow {@code InterruptedException} and
 * never name this type. The result is a plain string here (hudson.model.Result in Jenkins), for the tests
 * only.
 */
public final class FlowInterruptedException extends InterruptedException {

    private static final long serialVersionUID = 1L;

    private final String result;

    /** @param why what interrupted the build, e.g. "Aborted by user" (the real class keeps CauseOfInterruption objects) */
    public FlowInterruptedException(String result, String why) {
        super(why);
        this.result = result;
    }

    /** ABORTED for an abort, a timeout, a rejected input or a fail-fast stop, as in Jenkins. */
    public String getResult() {
        return result;
    }
}
