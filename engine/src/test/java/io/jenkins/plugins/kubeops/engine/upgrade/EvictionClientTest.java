package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.upgrade.EvictionClient.Outcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvictionClientTest {

    static KubernetesClientException error(int code, String message) {
        Status status = new StatusBuilder().withCode(code).withMessage(message).build();
        return new KubernetesClientException(status);
    }

    @Test
    void evictionsCarryTheUidSoANewPodOfTheSameNameIsNeverEvicted() {
        DeleteOptions options = EvictionClient.deleteOptions(new DrainPod("shop", "db-0", "uid-1", DrainPod.Reason.CONTROLLED),
                Optional.of(Duration.ofSeconds(20)));

        assertThat(options.getPreconditions().getUid()).isEqualTo("uid-1");
        assertThat(options.getGracePeriodSeconds()).isEqualTo(20L);
        assertThat(EvictionClient.deleteOptions(new DrainPod("shop", "db-0", "uid-1", DrainPod.Reason.CONTROLLED),
                Optional.empty()).getGracePeriodSeconds()).as("the pod's own grace period").isNull();
    }

    @Test
    void answersAreSortedIntoGoneRetryAndFailed() {
        assertThat(EvictionClient.classify(error(404, "pods \"web-1\" not found")).outcome()).isEqualTo(Outcome.GONE);
        assertThat(EvictionClient.classify(error(409, "Precondition failed: UID in precondition: uid-1")).outcome())
                .isEqualTo(Outcome.GONE);
        assertThat(EvictionClient.classify(error(429, "Cannot evict pod")).outcome()).isEqualTo(Outcome.BUDGET);
        assertThat(EvictionClient.classify(error(500, "This pod has more than one PodDisruptionBudget, which the eviction "
                + "subresource does not support.")).outcome()).isEqualTo(Outcome.MULTIPLE_BUDGETS);
        assertThat(EvictionClient.classify(error(403, "unable to create new content in namespace shop because it is being "
                + "terminated")).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(EvictionClient.classify(error(503, "etcdserver: leader changed")).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(EvictionClient.classify(error(403, "pods \"web-1\" is forbidden: User cannot create pods/eviction")))
                .isEqualTo(new EvictionClient.EvictionResult(Outcome.FAILED,
                        "HTTP 403: pods \"web-1\" is forbidden: User cannot create pods/eviction"));
    }
}
