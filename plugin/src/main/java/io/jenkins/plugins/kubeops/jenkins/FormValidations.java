package io.jenkins.plugins.kubeops.jenkins;

import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;

/** Shows an engine {@link Validation} in a Jenkins form; the message is the engine's, so every front says the same. */
public final class FormValidations {

    private FormValidations() {
    }

    public static FormValidation of(Validation validation) {
        switch (validation.level()) {
            case ERROR:
                return FormValidation.error(validation.message());
            case WARNING:
                return FormValidation.warning(validation.message());
            default:
                return validation.message().isEmpty() ? FormValidation.ok() : FormValidation.ok(validation.message());
        }
    }
}
