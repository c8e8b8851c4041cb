package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.Collection;

/**
 * Paths as a pipeline names them, relative to the workspace: the engine's rule ({@code engine.common.WorkspacePaths}) in the
 * words of the deploy step. Symbolic links that lead out of the workspace are caught where the files are, by
 * {@code ReleaseStaging}.
 */
final class WorkspacePaths {

    private WorkspacePaths() {
    }

    private static io.jenkins.plugins.kubeops.engine.common.WorkspacePaths rule(String what) {
        return new io.jenkins.plugins.kubeops.engine.common.WorkspacePaths(what, "'deploy/web'",
                "the release files are copied from the workspace, which may be on an agent");
    }

    /** Each path a workspace-relative path; blank ones are ignored. For the form checks. */
    static Validation check(String what, Collection<String> paths) {
        return rule(what).check(paths);
    }

    /**
     * The path with '/' separators and without "." segments; "" for the workspace itself.
     *
     * @param what names the argument in the error, e.g. "files entry"
     */
    static String normalize(String what, String path) {
        return rule(what).normalize(path);
    }
}
