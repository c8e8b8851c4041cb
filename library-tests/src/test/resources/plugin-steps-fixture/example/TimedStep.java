package example;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/** Fixture: a plugin's own base class whose setter every subclass inherits. Not a step itself (abstract). */
public abstract class TimedStep extends Step {

    private String timeout;

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }
}
