package example;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/** Fixture: a step whose name is computed, which PluginSteps must refuse rather than leave out. */
public final class NamelessStep extends Step {

    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "name" + 1;
        }
    }
}
