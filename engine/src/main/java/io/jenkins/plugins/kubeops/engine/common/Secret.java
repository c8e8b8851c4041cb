package io.jenkins.plugins.kubeops.engine.common;

import java.util.Objects;

/**
 * A sensitive value (token, password, key). Its {@link #toString()} never shows the value, so a secret that reaches a log
 * line, an exception message or a record's generated {@code toString} stays hidden; callers that need it call {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    public boolean isBlank() {
        return value.isBlank();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && secret.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
