package io.jenkins.plugins.kubeops.engine.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspacePathsTest {

    private static final WorkspacePaths FILES = new WorkspacePaths("files entry", "'deploy/web.yaml'",
            "the release files are copied from the workspace, which may be on an agent");

    @Test
    void aRelativePathIsNormalisedAndTheWorkspaceItselfIsEmpty() {
        assertThat(FILES.normalize(" ./deploy//web.yaml ")).isEqualTo("deploy/web.yaml");
        assertThat(FILES.normalize("deploy\\web.yaml")).isEqualTo("deploy/web.yaml");
        assertThat(FILES.normalize(".")).isEmpty();
    }

    @Test
    void absolutePathsAndPathsLeavingTheWorkspaceAreRefusedNamingTheValueAndTheFix() {
        assertThatThrownBy(() -> FILES.normalize("/var/lib/jenkins/secrets")).isInstanceOf(KubeOpsException.class)
                .hasMessage("files entry '/var/lib/jenkins/secrets' is absolute: give a path relative to the workspace, e.g. "
                        + "'deploy/web.yaml' (the release files are copied from the workspace, which may be on an agent).");
        assertThatThrownBy(() -> FILES.normalize("C:\\secrets")).hasMessageContaining("is absolute");
        assertThatThrownBy(() -> FILES.normalize("deploy/../../other-job/secrets.yaml"))
                .hasMessage("files entry 'deploy/../../other-job/secrets.yaml' leaves the workspace ('..'): give a path "
                        + "inside the workspace, or copy the files into it first (e.g. with checkout, unstash or sh 'cp ...').");
        assertThatThrownBy(() -> FILES.normalize(" ")).hasMessage("files entry is required: give a path relative to the "
                + "workspace, e.g. 'deploy/web.yaml'.");
    }

    @Test
    void aFileIsNeverTheWorkspaceItself() {
        assertThat(FILES.file("deploy/web.yaml")).isEqualTo("deploy/web.yaml");
        assertThatThrownBy(() -> FILES.file("./")).hasMessage("files entry './' is the workspace itself: give the file's "
                + "path in it, e.g. 'deploy/web.yaml'.");
        assertThat(FILES.checkFile(".").isError()).isTrue();
    }

    @Test
    void theFormCheckIgnoresBlankEntriesAndReportsTheFirstBadOne() {
        assertThat(FILES.check(List.of("k8s", "", "values.yaml")).isError()).isFalse();
        assertThat(FILES.check(List.of("k8s", "../x")).message()).startsWith("files entry '../x' leaves the workspace");
    }
}
