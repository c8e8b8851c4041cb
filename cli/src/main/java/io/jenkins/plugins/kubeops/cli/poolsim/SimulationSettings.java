package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.Locale;

/** Checks of the simulator's user-supplied settings, shared by every front. */
public final class SimulationSettings {

    /** Beyond this a run takes minutes and the table says nothing new. */
    public static final int MAX_JOBS = 200_000;

    private SimulationSettings() {
    }

    public static Validation jobs(int jobs) {
        if (jobs < 1 || jobs > MAX_JOBS) {
            return Validation.error(String.format(Locale.ROOT, "--jobs %d: simulate between 1 and %,d builds, e.g. 2000.",
                    jobs, MAX_JOBS));
        }
        return Validation.ok();
    }

    public static Validation scenario(String name) {
        if (name == null || !Scenarios.NAMES.contains(name)) {
            return Validation.error("--scenario " + name + ": use one of " + String.join(", ", Scenarios.NAMES) + ".");
        }
        return Validation.ok();
    }
}
