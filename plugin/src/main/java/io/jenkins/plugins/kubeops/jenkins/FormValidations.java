package io.jenkins.plugins.kubeops.jenkins;

import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.function.Supplier;
import jenkins.model.Jenkins;

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

    /**
     * A global configuration's field check, reachable by URL: Overall/Administer only (others get an access error), then
     * the engine's verdict. The caller's method carries {@code @POST}.
     */
    public static FormValidation forAdministrators(Supplier<Validation> check) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return of(check.get());
    }
}
