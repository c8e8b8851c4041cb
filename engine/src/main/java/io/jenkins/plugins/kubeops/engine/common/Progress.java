package io.jenkins.plugins.kubeops.engine.common;

/** Receives the progress lines of a long operation (what is being done or waited for, and why), one line at a time. */
@FunctionalInterface
public interface Progress {
    Progress NONE = line -> { };

    void say(String line);
}
