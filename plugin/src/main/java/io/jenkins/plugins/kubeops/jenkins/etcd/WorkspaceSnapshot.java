package io.jenkins.plugins.kubeops.jenkins.etcd;

import hudson.FilePath;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.common.WorkspacePaths;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import io.jenkins.plugins.kubeops.engine.etcd.FailureCause;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A snapshot file in the build's workspace, where the engine on the controller can read it: a workspace on the controller
 * is read in place; a file on an agent is first copied into a private directory of the controller (keeping its name and
 * modification time, which an import records) and removed afterwards. The path is relative to the workspace, without
 * {@code ..}, and must really lie in it (symbolic links resolved where the file is), so that a step never reads the
 * controller's own files. The engine's messages and log lines name the file as the pipeline did.
 */
final class WorkspaceSnapshot implements Closeable {

    private final Path path;
    private final String shown;
    private final Path staging;

    private WorkspaceSnapshot(Path path, String shown, Path staging) {
        this.path = path;
        this.shown = shown;
        this.staging = staging;
    }

    /** The engine's rule for the {@code file} argument, in the words of the etcd file steps. */
    private static final WorkspacePaths FILE = new WorkspacePaths("file", "'backups/etcd-snapshot.db.gz'",
            "the file is read from the workspace, which may be on an agent; copy a snapshot from elsewhere into it first");

    /** The rule for the {@code file} argument, for the form check. */
    static Validation check(String file) {
        return FILE.checkFile(file);
    }

    /** The path with '/' separators and without "." segments. */
    static String normalize(String file) {
        return FILE.file(file);
    }

    /**
     * Finds the file in the workspace and makes it readable on the controller.
     *
     * @param stagingRoot where a copy from an agent goes (room for one snapshot file)
     * @param say         progress lines for the build log
     */
    static WorkspaceSnapshot open(FilePath workspace, String file, Path stagingRoot, Consumer<String> say)
            throws IOException, InterruptedException {
        String relative = normalize(file);
        FilePath source = workspace.child(relative);
        if (!source.exists()) {
            throw new EtcdException(FailureCause.OTHER, "snapshot file " + relative + " does not exist in the workspace ("
                    + workspace.getRemote() + "): check the path, or copy the file into the workspace first.");
        }
        if (source.isDirectory()) {
            throw new EtcdException(FailureCause.OTHER, "snapshot file " + relative + " is a directory: give the snapshot "
                    + "file in it.");
        }
        if (!workspace.isDescendant(relative)) {
            throw new EtcdException(FailureCause.OTHER, "snapshot file " + relative + " leads out of the workspace (a symbolic "
                    + "link?): copy the file itself into the workspace.");
        }
        if (!source.isRemote()) {
            return new WorkspaceSnapshot(Path.of(source.getRemote()), relative, null);
        }
        Files.createDirectories(stagingRoot);
        Path staging = Files.createTempDirectory(stagingRoot, "workspace-file-");
        Path copy = staging.resolve(source.getName());
        try {
            say.accept("Copying " + relative + " (" + source.length() + " bytes) from the agent's workspace to the controller");
            // With its modification time: an import dates the backup by it unless createdAt is given.
            source.copyToWithPermission(new FilePath(copy.toFile()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new WorkspaceSnapshot(copy, relative, staging);
    }

    /** Where the engine reads the file. */
    Path path() {
        return path;
    }

    /** The file as the pipeline named it. */
    String shown() {
        return shown;
    }

    /** Engine text with the file named as the pipeline named it. */
    String show(String text) {
        return text == null ? null : text.replace(path.toString(), shown);
    }

    /** Engine progress lines, with the file named as the pipeline named it. */
    Consumer<String> log(Consumer<String> say) {
        return line -> say.accept(show(line));
    }

    /** Runs engine work on the file; its failure names the file as the pipeline did. */
    <T> T engine(Supplier<T> work) {
        try {
            return work.get();
        } catch (EtcdException e) {
            throw new EtcdException(e.failureCause(), show(e.getMessage()), e);
        }
    }

    /** Removes the controller's copy, if one was made. */
    @Override
    public void close() throws IOException {
        if (staging != null) {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
