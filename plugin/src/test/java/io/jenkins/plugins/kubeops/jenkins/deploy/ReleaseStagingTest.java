package io.jenkins.plugins.kubeops.jenkins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import hudson.FilePath;
import hudson.Functions;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy from a (here local) workspace to the controller, with core's real FilePath; no Jenkins needed. */
class ReleaseStagingTest {

    @TempDir
    Path workspace;

    @TempDir
    Path builds;

    private ReleaseStaging staging() {
        return new ReleaseStaging(builds.resolve("kube-ops-deploy-5"));
    }

    private void write(String relative, String text) throws IOException {
        Path file = workspace.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void onlyWhatTheEngineReadsIsCopiedAndMarkedComplete() throws Exception {
        write("deploy/web/templates/deployment.yaml", "kind: Deployment");
        write("deploy/web/templates/_helpers.j2", "{% macro x() %}{% endmacro %}");
        write("deploy/web/values.yaml", "replicas: 2");
        write("deploy/web/values.schema.json", "{}");
        write("deploy/web/README.md", "docs");
        write("deploy/web/notes/other.yaml", "not a template");
        write("values/prod.yaml", "replicas: 3");
        ReleaseStaging staging = staging();

        staging.copyFrom(new FilePath(workspace.toFile()), List.of(
                new DeployRequest.Entry("templates", "deploy/web", DeployRequest.Kind.TEMPLATES),
                new DeployRequest.Entry("values entry", "values/prod.yaml", DeployRequest.Kind.VALUES)));

        assertEquals(List.of("deploy/web/templates/_helpers.j2", "deploy/web/templates/deployment.yaml",
                "deploy/web/values.schema.json", "deploy/web/values.yaml", "values/prod.yaml"), files(staging.workspaceCopy()));
        assertTrue(staging.isComplete());
    }

    @Test
    void aMissingPathNamesTheArgumentAndTheWorkspace() {
        KubeOpsException e = assertThrows(KubeOpsException.class, () -> staging().copyFrom(new FilePath(workspace.toFile()),
                List.of(new DeployRequest.Entry("files entry", "k8s", DeployRequest.Kind.MANIFESTS))));

        assertTrue(e.getMessage().startsWith("files entry 'k8s' does not exist in the workspace (" + workspace), e.getMessage());
        assertFalse(staging().isComplete());
    }

    @Test
    void aDirectoryGivenAsValuesFileIsRefused() throws Exception {
        write("values/prod.yaml", "replicas: 3");

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> staging().copyFrom(new FilePath(workspace.toFile()),
                List.of(new DeployRequest.Entry("values entry", "values", DeployRequest.Kind.VALUES))));

        assertEquals("values entry 'values' is a directory: give a file.", e.getMessage());
    }

    @Test
    void aSymbolicLinkInTheCopyIsRefusedAndTheCopyIsNotMarkedComplete() throws Exception {
        assumeFalse(Functions.isWindows(), "symbolic links need privileges on Windows");
        write("k8s/app.yaml", "kind: ConfigMap");
        Files.createSymbolicLink(workspace.resolve("k8s/alias.yaml"), workspace.resolve("k8s/app.yaml"));
        ReleaseStaging staging = staging();

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> staging.copyFrom(new FilePath(workspace.toFile()),
                List.of(new DeployRequest.Entry("files entry", "k8s", DeployRequest.Kind.MANIFESTS))));

        assertTrue(e.getMessage().startsWith("'k8s/alias.yaml' in the workspace is a symbolic link"), e.getMessage());
        assertFalse(staging.isComplete());
    }

    @Test
    void deletingTheCopyRemovesLinksWithoutFollowingThem(@TempDir Path outside) throws Exception {
        assumeFalse(Functions.isWindows(), "symbolic links need privileges on Windows");
        Files.writeString(outside.resolve("keep.txt"), "not ours");
        ReleaseStaging staging = staging();
        Files.createDirectories(staging.workspaceCopy());
        Files.createSymbolicLink(staging.workspaceCopy().resolve("link"), outside);

        staging.delete();

        assertFalse(Files.exists(builds.resolve("kube-ops-deploy-5")));
        assertTrue(Files.exists(outside.resolve("keep.txt")));
    }

    @Test
    void stagedPathsInMessagesAreShownRelativeToTheWorkspace() {
        ReleaseStaging staging = staging();
        String staged = staging.workspaceCopy().resolve("k8s").resolve("app.yaml").toString();

        assertEquals("k8s/app.yaml".replace('/', java.io.File.separatorChar) + ", document 2: bad",
                staging.relativize(staged + ", document 2: bad"));
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(file -> root.relativize(file).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
