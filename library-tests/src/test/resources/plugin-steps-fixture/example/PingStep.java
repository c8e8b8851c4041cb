package example;

import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Fixture: named through the shared descriptor's constructor. */
public final class PingStep extends SharedStep {

    @DataBoundConstructor
    public PingStep(String target) {
        super(target);
    }

    @DataBoundSetter
    public void setCount(int count) {
    }

    @Extension
    public static final class DescriptorImpl extends SharedDescriptor {
        public DescriptorImpl() {
            super("ping", "Ping a target");
        }
    }
}
