package io.jenkins.plugins.kubeops.jenkins.deploy;

import hudson.FilePath;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy, on the controller, of the workspace files a deploy needs: the engine reads local files, and the
 * workspace may be on an agent. Kept under the build's directory so that a deploy resumed after a restart finds it
 * without the agent; a marker says the copy is whole. Only what the engine reads is copied, paths must stay inside the
 * workspace (symbolic links included, checked where the files are), and a copied symbolic link is refused: the engine
 * would follow it on the controller.
 */
final class ReleaseStaging {

    private static final String COMPLETE_MARKER = ".complete";

    private final Path root;

    ReleaseStaging(Path root) {
        this.root = root;
    }

    /** The copy's workspace: request paths resolve against it exactly as against the real workspace. */
    Path workspaceCopy() {
        return root.resolve("workspace");
    }

    boolean isComplete() {
        return Files.isRegularFile(root.resolve(COMPLETE_MARKER));
    }

    /** Replaces any earlier, possibly partial, copy by a fresh, checked one. */
    void copyFrom(FilePath workspace, List<DeployRequest.Entry> entries) throws IOException, InterruptedException {
        delete();
        createPrivateDirectory(workspaceCopy());
        FilePath target = new FilePath(workspaceCopy().toFile());
        for (DeployRequest.Entry entry : entries) {
            copy(workspace, entry, target);
        }
        refuseSymbolicLinks();
        Files.createFile(root.resolve(COMPLETE_MARKER));
    }

    private static void copy(FilePath workspace, DeployRequest.Entry entry, FilePath target) throws IOException, InterruptedException {
        FilePath from = entry.relative.isEmpty() ? workspace : workspace.child(entry.relative);
        FilePath to = entry.relative.isEmpty() ? target : target.child(entry.relative);
        String named = entry.argument + " '" + entry.written + "'";
        if (!from.exists()) {
            throw new KubeOpsException(named + " does not exist in the workspace (" + workspace.getRemote() + "): give a path "
                    + "relative to the workspace, and run kubeDeploy inside the node block that has the files.");
        }
        if (!entry.relative.isEmpty() && !workspace.isDescendant(entry.relative)) {
            throw new KubeOpsException(named + " leads out of the workspace through a symbolic link: give a path whose "
                    + "files are inside the workspace.");
        }
        if (from.isDirectory()) {
            if (entry.kind.directoryMask == null) {
                throw new KubeOpsException(named + " is a directory: give a file.");
            }
            to.mkdirs();
            from.copyRecursiveTo(entry.kind.directoryMask, to);
        } else {
            if (!entry.kind.fileAccepted) {
                throw new KubeOpsException(named + " is a file: give the directory that holds templates/ (and values.yaml, "
                        + "values.schema.json).");
            }
            from.copyTo(to);
        }
    }

    private void refuseSymbolicLinks() throws IOException {
        try (Stream<Path> walk = Files.walk(workspaceCopy())) { // does not follow links: it lists them
            Path link = walk.filter(Files::isSymbolicLink).findFirst().orElse(null);
            if (link != null) {
                throw new KubeOpsException("'" + workspaceCopy().relativize(link).toString().replace(File.separatorChar, '/')
                        + "' in the workspace is a symbolic link: the release files are copied to the controller, where a link "
                        + "would not point into the workspace; put the file itself there.");
            }
        }
    }

    /** Engine messages name staged paths; show them as the pipeline wrote them, relative to the workspace. */
    String relativize(String message) {
        String copy = workspaceCopy().toString();
        return message == null ? "" : message.replace(copy + File.separator, "").replace(copy, ".");
    }

    /** Removes the copy; links are removed, never followed. */
    void delete() throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path top) throws IOException {
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Values files may hold settings the team considers private: only the controller's user may read the copy. */
    private static void createPrivateDirectory(Path directory) throws IOException {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(directory);
        }
    }
}
