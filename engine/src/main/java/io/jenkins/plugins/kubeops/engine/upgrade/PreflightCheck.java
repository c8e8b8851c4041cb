package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.Objects;

/** One pre-flight check of a plan; a FAILED check refuses the plan, a WARNING is printed with it. */
public record PreflightCheck(String name, Status status, String detail) {

    public enum Status { OK, WARNING, FAILED }

    public PreflightCheck {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    static PreflightCheck ok(String name, String detail) {
        return new PreflightCheck(name, Status.OK, detail);
    }

    static PreflightCheck warning(String name, String detail) {
        return new PreflightCheck(name, Status.WARNING, detail);
    }

    static PreflightCheck failed(String name, String detail) {
        return new PreflightCheck(name, Status.FAILED, detail);
    }
}
