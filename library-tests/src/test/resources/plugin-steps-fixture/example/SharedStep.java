package example;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/** Fixture: a base step and a base descriptor that takes the function name in its constructor, as the etcd steps share. */
public abstract class SharedStep extends Step {

    private final String target;

    protected SharedStep(String target) {
        this.target = target;
    }

    abstract static class SharedDescriptor extends StepDescriptor {

        private final String functionName;

        SharedDescriptor(String functionName, String displayName) {
            this.functionName = functionName;
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }
    }
}
