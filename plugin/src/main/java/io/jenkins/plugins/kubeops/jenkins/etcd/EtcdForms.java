package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.util.FormValidation;
import io.jenkins.plugins.kubeops.engine.common.Validation;

/** Shows an engine {@link Validation} in a Jenkins form (the etcd package's own copy of the plugin's helper, which is package-private). */
final class EtcdForms {

    private EtcdForms() {
    }

    static FormValidation of(Validation validation) {
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
