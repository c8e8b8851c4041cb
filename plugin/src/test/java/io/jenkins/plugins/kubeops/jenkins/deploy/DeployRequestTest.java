package io.jenkins.plugins.kubeops.jenkins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step's arguments as the engine gets them; no Jenkins needed. */
class DeployRequestTest {

    private static final Path STAGED = Path.of("/builds/7/kube-ops-deploy-3/workspace");

    private static KubeDeployStep step() {
        return new KubeDeployStep(" prod-eu ", "web", "team-a");
    }

    @Test
    void templatesAndValuesResolveInTheStagedWorkspace() {
        KubeDeployStep step = step();
        step.setTemplates("./deploy/web/");
        step.setValues(List.of("values/common.yaml", "values/prod.yaml"));
        step.setSet(List.of("image.tag=1.2.3"));

        ReleaseSpec spec = DeployRequest.of(step).toSpec(STAGED);

        assertEquals(new ReleaseSource.TemplateDirectory(STAGED.resolve("deploy/web")), spec.source());
        assertEquals(List.of(STAGED.resolve("values/common.yaml"), STAGED.resolve("values/prod.yaml")), spec.valuesFiles());
        assertEquals(List.of("image.tag=1.2.3"), spec.setValues());
    }

    @Test
    void formTextIsOneEntryPerLine() {
        KubeDeployStep step = step();
        step.setFiles(List.of("k8s/base\n\n  k8s/prod/ingress.yaml  \r\n"));

        assertEquals(List.of("k8s/base", "k8s/prod/ingress.yaml"), step.getFiles());
        assertEquals(new ReleaseSource.ManifestFiles(List.of(STAGED.resolve("k8s/base"), STAGED.resolve("k8s/prod/ingress.yaml"))),
                DeployRequest.of(step).toSpec(STAGED).source());
    }

    @Test
    void unsetListsStayNullSoThatSnippetsLeaveThemOut() {
        KubeDeployStep step = step();
        step.setValues(List.of(" ", ""));

        assertEquals(null, step.getValues());
        assertEquals("", step.getValuesText());
        assertEquals("10m", step.getTimeout());
    }

    @Test
    void theWorkspaceItselfIsAValidSource() {
        KubeDeployStep step = step();
        step.setFiles(List.of("."));

        assertEquals(new ReleaseSource.ManifestFiles(List.of(STAGED)), DeployRequest.of(step).toSpec(STAGED).source());
    }

    @Test
    void anAbsolutePathIsRefusedNamingTheArgument() {
        KubeDeployStep step = step();
        step.setChart("/var/lib/jenkins/secrets");

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> DeployRequest.of(step));
        assertTrue(e.getMessage().startsWith("chart '/var/lib/jenkins/secrets' is absolute"), e.getMessage());
    }

    @Test
    void aBadDurationNamesTheArgument() {
        KubeDeployStep step = step();
        step.setFiles(List.of("k8s"));
        step.setLockWait("soon");

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> DeployRequest.of(step));
        assertEquals("lockWait 'soon' is not a duration: use e.g. 90s, 10m or 1h30m.", e.getMessage());
    }

    @Test
    void aZeroTimeoutIsRefused() {
        KubeDeployStep step = step();
        step.setFiles(List.of("k8s"));
        step.setTimeout("0s");

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> DeployRequest.of(step));
        assertEquals("timeout '0s' leaves no time to deploy: use e.g. 10m (the default).", e.getMessage());
    }

    @Test
    void anUnprotectedPruneKindIsRefusedByTheEngine() {
        KubeDeployStep step = step();
        step.setFiles(List.of("k8s"));
        step.setAllowPrune(List.of("Pod"));

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> DeployRequest.of(step));
        assertTrue(e.getMessage().startsWith("'Pod' is not a protected kind"), e.getMessage());
    }

    @Test
    void aMissingClusterIsRefused() {
        KubeDeployStep step = new KubeDeployStep(" ", "web", "team-a");
        step.setFiles(List.of("k8s"));

        KubeOpsException e = assertThrows(KubeOpsException.class, () -> DeployRequest.of(step));
        assertTrue(e.getMessage().startsWith("cluster is missing"), e.getMessage());
    }
}
