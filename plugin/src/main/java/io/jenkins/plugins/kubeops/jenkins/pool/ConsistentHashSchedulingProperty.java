package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Job;
import jenkins.model.OptionalJobProperty;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Opts a job out of least-load scheduling on static agents: its builds go where core's consistent hash sends them (the
 * same agent as last time, when it has a free executor). In a Pipeline: {@code properties([consistentHashScheduling()])},
 * or {@code options { consistentHashScheduling() }} in Declarative.
 */
public final class ConsistentHashSchedulingProperty extends OptionalJobProperty<Job<?, ?>> {

    @DataBoundConstructor
    public ConsistentHashSchedulingProperty() {
    }

    @Extension
    @Symbol("consistentHashScheduling")
    public static final class DescriptorImpl extends OptionalJobPropertyDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return "Schedule builds on static agents by consistent hash (not by least load)";
        }
    }
}
