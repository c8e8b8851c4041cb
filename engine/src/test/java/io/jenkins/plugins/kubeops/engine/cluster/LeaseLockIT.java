package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lease every Kube Ops lock rests on, on the real API server. */
@ExtendWith(KubernetesClusterExtension.class)
class LeaseLockIT {

    private final List<String> said = new CopyOnWriteArrayList<>();

    private static final LeaseLock.Wording WORDING = new LeaseLock.Wording() {
        @Override
        public String waiting(String other, Lease current) {
            return "waiting for " + other;
        }

        @Override
        public KubeOpsException refused(String other, Lease current) {
            return new KubeOpsException("held by " + other);
        }
    };

    private LeaseLock take(TestNamespace namespace, String holder, Duration lease, Duration maxWait) {
        return LeaseLock.acquire(namespace.client(), new LeaseLock.Settings(namespace.name(), "kube-ops-test", lease, maxWait),
                holder, Clock.systemUTC(), LeaseLock.Sleeper.REAL, said::add, WORDING);
    }

    @Test
    void aLiveHolderRefusesTheNextAfterItsWaitAndReleasingLetsItIn(TestNamespace namespace) {
        LeaseLock first = take(namespace, "build #1", Duration.ofSeconds(30), Duration.ZERO);
        assertThat(LeaseLock.liveHolder(namespace.client(), namespace.name(), "kube-ops-test", Duration.ofSeconds(30),
                Instant.now())).hasValue("build #1");

        assertThatThrownBy(() -> take(namespace, "build #2", Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .isInstanceOf(KubeOpsException.class).hasMessage("held by build #1");
        assertThat(said).containsExactly("waiting for build #1");

        first.close();
        assertThat(LeaseLock.liveHolder(namespace.client(), namespace.name(), "kube-ops-test", Duration.ofSeconds(30),
                Instant.now())).isEmpty();
        try (LeaseLock second = take(namespace, "build #2", Duration.ofSeconds(30), Duration.ZERO)) {
            assertThat(namespace.client().leases().inNamespace(namespace.name()).withName("kube-ops-test").get().getSpec()
                    .getHolderIdentity()).isEqualTo("build #2");
        }
    }

    @Test
    void aHolderThatStoppedRenewingIsTakenOverWhenItsLeaseExpires(TestNamespace namespace) {
        LeaseLock dead = take(namespace, "build #1", Duration.ofSeconds(2), Duration.ZERO);
        dead.abandon();

        Instant asked = Instant.now();
        try (LeaseLock next = take(namespace, "build #2", Duration.ofSeconds(2), Duration.ofSeconds(20))) {
            Lease lease = namespace.client().leases().inNamespace(namespace.name()).withName("kube-ops-test").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("build #2");
            assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(20));
            assertThat(said).containsExactly("waiting for build #1");
        }
    }

    @Test
    void aLiveHolderKeepsItsLeaseBeyondItsDurationByRenewingIt(TestNamespace namespace) {
        try (LeaseLock held = take(namespace, "build #1", Duration.ofSeconds(2), Duration.ZERO)) {
            assertThatThrownBy(() -> take(namespace, "build #2", Duration.ofSeconds(2), Duration.ofSeconds(5)))
                    .hasMessage("held by build #1");
        }
    }
}
