package example;

import hudson.Extension;
import java.util.List;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Fixture: named by @Symbol; a required parameter, a setter, a field setter and an inherited setter. */
public final class GreetStep extends TimedStep {

    private final String name;
    private boolean loud;
    private List<String> cc;

    @DataBoundSetter
    public String prefix;

    @DataBoundConstructor
    public GreetStep(String name) {
        this.name = name;
    }

    @DataBoundSetter
    public void setLoud(boolean loud) {
        this.loud = loud;
    }

    @DataBoundSetter
    public void setCC(List<String> cc) {
        this.cc = cc;
    }

    /** Not bound: no annotation. */
    public void setIgnored(String ignored) {
    }

    @Extension
    @Symbol("greet")
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "notTheSymbol";
        }
    }
}
