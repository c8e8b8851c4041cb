package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Paths as a pipeline names them, relative to the workspace. Checked here by their text only (absolute, {@code ..});
 * symbolic links that lead out of the workspace are caught where the files are, by {@code ReleaseStaging}. Pure.
 */
final class WorkspacePaths {

    private WorkspacePaths() {
    }

    /** Each path a workspace-relative path; blank ones are ignored. For the form checks. */
    static Validation check(String what, Collection<String> paths) {
        try {
            paths.stream().filter(path -> !path.isBlank()).forEach(path -> normalize(what, path));
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    /**
     * The path with '/' separators and without "." segments; "" for the workspace itself.
     *
     * @param what names the argument in the error, e.g. "files entry"
     */
    static String normalize(String what, String path) {
        if (path == null || path.isBlank()) {
            throw new KubeOpsException(what + " is empty: give a path relative to the workspace, e.g. 'deploy/web'.");
        }
        String text = path.trim();
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("^[A-Za-z]:.*")) {
            throw new KubeOpsException(what + " '" + path + "' is absolute: give a path relative to the workspace, e.g. "
                    + "'deploy/web' (the release files are copied from the workspace, which may be on an agent).");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : text.split("[/\\\\]+")) {
            if (segment.equals("..")) {
                throw new KubeOpsException(what + " '" + path + "' leaves the workspace ('..'): give a path inside the "
                        + "workspace, or copy the files into it first (e.g. with checkout or unstash).");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }
}
