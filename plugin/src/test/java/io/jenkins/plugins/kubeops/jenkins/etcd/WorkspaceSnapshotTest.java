package io.jenkins.plugins.kubeops.jenkins.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.etcd.EtcdException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot file named by a pipeline: only inside the workspace, read in place on the controller, named as the pipeline did. */
class WorkspaceSnapshotTest {

    @TempDir
    Path temp;

    private final List<String> log = new ArrayList<>();

    @Test
    void pathsAreRelativeToTheWorkspaceAndStayInIt() {
        assertEquals("backups/snap.db", WorkspaceSnapshot.normalize(" ./backups//snap.db "));
        assertTrue(WorkspaceSnapshot.check("/var/backups/snap.db").message().contains("is absolute: give a path relative"));
        assertTrue(WorkspaceSnapshot.check("C:\\backups\\snap.db").isError());
        assertTrue(WorkspaceSnapshot.check("backups/../../snap.db").message().contains("leaves the workspace"));
        assertTrue(WorkspaceSnapshot.check("").message().startsWith("file is required"));
        assertTrue(WorkspaceSnapshot.check(".").message().contains("is the workspace itself"));
        assertFalse(WorkspaceSnapshot.check("snap.db.gz").isError());
    }

    @Test
    void aFileInAWorkspaceOnTheControllerIsReadInPlaceAndNamedAsThePipelineDid() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        Path file = Files.writeString(Files.createDirectories(workspace.resolve("backups")).resolve("snap.db"), "x");

        try (WorkspaceSnapshot snapshot = WorkspaceSnapshot.open(new FilePath(workspace.toFile()), "backups/snap.db",
                temp.resolve("staging"), log::add)) {
            assertEquals(file.toString(), snapshot.path().toString());
            assertEquals("snapshot file backups/snap.db is not valid", snapshot.show("snapshot file " + file + " is not valid"));
            EtcdException renamed = assertThrows(EtcdException.class, () -> snapshot.engine(() -> {
                throw new EtcdException(io.jenkins.plugins.kubeops.engine.etcd.FailureCause.INVALID_SNAPSHOT,
                        "snapshot file " + file + " is not valid: truncated copy?");
            }));
            assertEquals("snapshot file backups/snap.db is not valid: truncated copy?", renamed.getMessage());
        }
        assertTrue(Files.exists(file), "a file read in place is not removed");
        assertFalse(Files.exists(temp.resolve("staging")), "nothing is copied for a workspace on the controller");
        assertTrue(log.isEmpty());
    }

    @Test
    void aMissingFileADirectoryAndALinkOutOfTheWorkspaceAreRefused() throws Exception {
        Path workspace = Files.createDirectories(temp.resolve("ws"));
        Files.createDirectories(workspace.resolve("backups"));
        Path outside = Files.writeString(temp.resolve("secret"), "not for builds");
        Files.createSymbolicLink(workspace.resolve("link.db"), outside);
        FilePath ws = new FilePath(workspace.toFile());

        assertTrue(assertThrows(EtcdException.class, () -> WorkspaceSnapshot.open(ws, "snap.db", temp, log::add))
                .getMessage().startsWith("snapshot file snap.db does not exist in the workspace"));
        assertTrue(assertThrows(EtcdException.class, () -> WorkspaceSnapshot.open(ws, "backups", temp, log::add))
                .getMessage().contains("is a directory"));
        assertTrue(assertThrows(EtcdException.class, () -> WorkspaceSnapshot.open(ws, "link.db", temp, log::add))
                .getMessage().contains("leads out of the workspace"));
        assertThrows(KubeOpsException.class, () -> WorkspaceSnapshot.open(ws, "/etc/passwd", temp, log::add));
    }
}
