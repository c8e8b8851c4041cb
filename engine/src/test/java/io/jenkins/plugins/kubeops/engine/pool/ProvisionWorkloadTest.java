package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** kubernetes-plugin subtracts the label's agents in provisioning from what it is asked; the strategy adds them back. */
class ProvisionWorkloadTest {

    @Test
    void askingForTheNewAgentsAloneGetsFewerWhileAgentsOfTheLabelAreStarting() {
        assertThat(ProvisionWorkload.planned(3, 2)).isEqualTo(1);
        assertThat(ProvisionWorkload.planned(1, 4)).isZero();
    }

    @Test
    void theCloudPlansExactlyTheNewAgentsWhateverIsInProvisioning() {
        for (int newAgents = 0; newAgents <= 20; newAgents++) {
            for (int inProvisioning = 0; inProvisioning <= 20; inProvisioning++) {
                int asked = ProvisionWorkload.toAsk(newAgents, inProvisioning);
                assertThat(ProvisionWorkload.planned(asked, inProvisioning)).as("%d new, %d in provisioning", newAgents,
                        inProvisioning).isEqualTo(newAgents);
            }
        }
    }

    @Test
    void neverOverflowsAndRefusesNegativeCounts() {
        assertThat(ProvisionWorkload.toAsk(Integer.MAX_VALUE, 5)).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> ProvisionWorkload.toAsk(-1, 0)).hasMessageContaining("new agents must not be negative: -1");
        assertThatThrownBy(() -> ProvisionWorkload.toAsk(1, -2))
                .hasMessageContaining("agents in provisioning must not be negative: -2");
    }
}
