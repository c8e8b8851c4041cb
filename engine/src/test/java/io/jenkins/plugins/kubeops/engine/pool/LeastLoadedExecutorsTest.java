package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.pool.LeastLoadedExecutors.AgentLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeastLoadedExecutorsTest {

    @Test
    void putsTheLeastBusyAgentFirst() {
        assertThat(LeastLoadedExecutors.order(List.of(new AgentLoad("hashed-first", 3, 4), new AgentLoad("idle", 0, 4),
                new AgentLoad("half", 2, 4)))).containsExactly("idle", "half", "hashed-first");
    }

    @Test
    void keepsTheConsistentHashOrderAmongEquallyBusyAgents() {
        assertThat(LeastLoadedExecutors.order(List.of(new AgentLoad("b", 1, 2), new AgentLoad("a", 2, 4),
                new AgentLoad("c", 0, 0)))).containsExactly("b", "a", "c");
    }
}
