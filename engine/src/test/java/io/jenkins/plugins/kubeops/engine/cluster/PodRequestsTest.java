package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {

    private static final long MI = 1024L * 1024;

    @Test
    void sumsTheAppContainers() {
        PodSpec spec = new PodSpecBuilder().withContainers(container("a", "250m", "64Mi"), container("b", "1", "1Gi")).build();
        assertThat(PodRequests.effective(spec)).isEqualTo(new ResourceAmounts(1250, 1088 * MI));
    }

    @Test
    void takesTheLargestOrdinaryInitContainerWhenItExceedsTheApps() {
        PodSpec spec = new PodSpecBuilder()
                .withInitContainers(container("init-small", "100m", "2Gi"), container("init-big", "2", "10Mi"))
                .withContainers(container("app", "500m", "128Mi")).build();
        // CPU from init-big, memory from init-small: the maximum is taken per resource.
        assertThat(PodRequests.effective(spec)).isEqualTo(new ResourceAmounts(2000, 2048 * MI));
    }

    @Test
    void addsSidecarsToTheAppsAndToEveryInitContainerStartedAfterThem() {
        Container sidecar = new ContainerBuilder(container("proxy", "300m", "100Mi")).withRestartPolicy("Always").build();
        PodSpec spec = new PodSpecBuilder()
                .withInitContainers(sidecar, container("migrate", "1", "50Mi"))
                .withContainers(container("app", "200m", "100Mi")).build();
        // apps + sidecar = 500m/200Mi; migrate runs next to the sidecar = 1300m/150Mi.
        assertThat(PodRequests.effective(spec)).isEqualTo(new ResourceAmounts(1300, 200 * MI));
    }

    @Test
    void addsPodOverhead() {
        PodSpec spec = new PodSpecBuilder().withContainers(container("app", "1", "1Gi"))
                .withOverhead(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("120Mi"))).build();
        assertThat(PodRequests.effective(spec)).isEqualTo(new ResourceAmounts(1250, 1144 * MI));
    }

    @Test
    void podLevelRequestsReplaceTheContainerSumForTheResourcesTheyName() {
        PodSpec spec = new PodSpecBuilder().withContainers(container("app", "1", "1Gi"))
                .withNewResources().addToRequests("cpu", new Quantity("3")).endResources().build();
        assertThat(PodRequests.effective(spec)).isEqualTo(new ResourceAmounts(3000, 1024 * MI));
    }

    @Test
    void treatsContainersWithoutRequestsAsZeroAndRoundsFractionsUp() {
        PodSpec spec = new PodSpecBuilder().withContainers(new ContainerBuilder().withName("bare").build(),
                container("tiny", "0.0001", "1.5")).build();
        assertThat(PodRequests.effective(spec)).isEqualTo(new ResourceAmounts(1, 2));
    }

    static Container container(String name, String cpu, String memory) {
        return new ContainerBuilder().withName(name).withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory)).endResources().build();
    }
}
