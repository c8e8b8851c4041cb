package io.jenkins.plugins.kubeops.engine.common;

import java.util.Objects;

/**
 * The outcome of checking one user-supplied field. Written once in the engine and used by the CLI, the pipeline steps and the
 * plugin's form checks ({@code doCheck*}), so that every front rejects the same input with the same message.
 */
public record Validation(Level level, String message) {

    public enum Level { OK, WARNING, ERROR }

    private static final Validation OK = new Validation(Level.OK, "");

    public Validation {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    public static Validation ok() {
        return OK;
    }

    public static Validation warning(String message) {
        return new Validation(Level.WARNING, message);
    }

    public static Validation error(String message) {
        return new Validation(Level.ERROR, message);
    }

    public boolean isError() {
        return level == Level.ERROR;
    }

    /** Throws a {@link KubeOpsException} carrying this message when this is an error; used where input is consumed. */
    public void throwIfError() {
        if (isError()) {
            throw new KubeOpsException(message);
        }
    }
}
