package io.jenkins.plugins.kubeops.engine.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Paths a pipeline gives relative to its workspace (release files, snapshot files), checked by their text: never absolute,
 * never leaving the workspace with {@code ..}, so that a step cannot read the controller's own files. Symbolic links that
 * lead out are caught where the files are. Pure.
 *
 * @param what    names the argument in errors, e.g. "files entry"
 * @param example a path of the right kind for the fix, e.g. "'deploy/web'"
 * @param reading why the path must be relative, e.g. "the release files are copied from the workspace, which may be on an
 *                agent"
 */
public record WorkspacePaths(String what, String example, String reading) {

    /** Each path a workspace-relative path; blank ones are ignored. For form checks. */
    public Validation check(Collection<String> paths) {
        try {
            paths.stream().filter(path -> path != null && !path.isBlank()).forEach(this::normalize);
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    /** A path to one file: as {@link #normalize}, and not the workspace itself. For form checks. */
    public Validation checkFile(String path) {
        try {
            file(path);
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    /** The path with '/' separators and without "." segments; "" for the workspace itself. */
    public String normalize(String path) {
        if (path == null || path.isBlank()) {
            throw new KubeOpsException(what + " is required: give a path relative to the workspace, e.g. " + example + ".");
        }
        String text = path.trim();
        if (text.startsWith("/") || text.startsWith("\\") || text.matches("^[A-Za-z]:.*")) {
            throw new KubeOpsException(what + " '" + path + "' is absolute: give a path relative to the workspace, e.g. "
                    + example + " (" + reading + ").");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : text.split("[/\\\\]+")) {
            if (segment.equals("..")) {
                throw new KubeOpsException(what + " '" + path + "' leaves the workspace ('..'): give a path inside the "
                        + "workspace, or copy the files into it first (e.g. with checkout, unstash or sh 'cp ...').");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /** As {@link #normalize}, for a path that must name a file in the workspace, not the workspace itself. */
    public String file(String path) {
        String normalized = normalize(path);
        if (normalized.isEmpty()) {
            throw new KubeOpsException(what + " '" + path + "' is the workspace itself: give the file's path in it, e.g. "
                    + example + ".");
        }
        return normalized;
    }
}
