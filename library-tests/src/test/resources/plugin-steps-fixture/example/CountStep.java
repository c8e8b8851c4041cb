package example;

import hudson.Extension;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;

/** Fixture: named through a constant; takes a body; no optional parameters. */
public final class CountStep extends Step {

    static final String NAME = "countTo";

    private final int limit;

    @DataBoundConstructor
    public CountStep(int limit) {
        this.limit = limit;
    }

    /** Not a step: no Step superclass. */
    static final class Helper {
        @Override
        public String toString() {
            return "helper";
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return NAME;
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}
