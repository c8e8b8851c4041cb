package kubeops.library

import static org.assertj.core.api.Assertions.assertThat

import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions
import io.jenkins.plugins.kubeops.engine.deploy.DeployService
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace
import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Duration
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.io.TempDir

/** deployRelease with kubeDeploy answered by the real engine against the real control plane. */
@ExtendWith(KubernetesClusterExtension)
class DeployReleaseIT extends LibraryTestBase {

    @TempDir
    Path workspace

    @Test
    void deploysTheTemplatesThroughTheEngineAndRecordsARevision(TestNamespace namespace) {
        Path templates = Files.createDirectories(workspace.resolve('deploy/templates'))
        Files.writeString(templates.resolve('cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n' +
                'data: {tag: "{{ values.image.tag }}"}\n')
        onStep('kubeDeploy') { Map args ->
            ReleaseSpec spec = new ReleaseSpec(args.release, args.namespace,
                    new ReleaseSource.TemplateDirectory(workspace.resolve(args.templates as String)), [], args.set ?: [])
            DeployOptions options = DeployOptions.defaults('pipeline test').withAtomic(args.atomic as boolean)
                    .withTimeout(Duration.ofSeconds(60))
            [cluster: args.cluster] + new DeployService(namespace.client(), Clock.systemUTC()).deploy(spec, options, { }).toMap()
        }

        Map results = runVar('deployRelease', [release: 'settings', namespace: namespace.name(), clusters: ['local'],
                                               templates: 'deploy', set: ['image.tag=1.10']])

        assertThat(results.local.status).isEqualTo('deployed')
        assertThat(results.local.revision).isEqualTo(1)
        assertThat(namespace.client().configMaps().inNamespace(namespace.name()).withName('settings').get().data.tag).isEqualTo('1.10')
    }
}
