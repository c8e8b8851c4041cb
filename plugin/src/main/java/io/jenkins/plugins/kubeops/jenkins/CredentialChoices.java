package io.jenkins.plugins.kubeops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.Util;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.Arrays;
import java.util.List;
import jenkins.model.Jenkins;

/** The credential drop-downs of the global configuration forms. */
public final class CredentialChoices {

    private CredentialChoices() {
    }

    /**
     * For Overall/Administer only (reachable by URL; the caller's method carries {@code @POST}): an empty choice, the
     * controller's credentials of the given types, and the current value even when it no longer matches.
     */
    @SafeVarargs
    public static ListBoxModel forAdministrators(String current, Class<? extends StandardCredentials>... types) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        CredentialsMatcher matcher = CredentialsMatchers.anyOf(Arrays.stream(types)
                .map(CredentialsMatchers::instanceOf).toArray(CredentialsMatcher[]::new));
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), matcher)
                .includeCurrentValue(Util.fixNull(current));
    }
}
