package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoolValidationTest {

    @Test
    void checksNumbersTypedIntoFormsAndNamesTheField() {
        assertThat(PoolValidation.maxAgents("")).isEqualTo(Validation.ok());
        assertThat(PoolValidation.maxAgents("ten").message()).isEqualTo("Max agents 'ten' is not a whole number: use e.g. 0, 1 or 20.");
        assertThat(PoolValidation.priority("-1").message()).startsWith("Priority -1 is negative");
        assertThat(PoolValidation.minIdleAgents("2")).isEqualTo(Validation.ok());
        assertThat(PoolValidation.weight("heavy").message()).isEqualTo("Weight 'heavy' is not a number: use e.g. 1 or 1.5.");
        assertThat(PoolValidation.weight("0").isError()).isTrue();
    }

    @Test
    void requiresUniquePoolNamesAndWarnsAboutUnknownClouds() {
        assertThat(PoolValidation.uniquePoolNames(List.of("a", "b", "a")).message()).contains("[a]");
        assertThat(PoolValidation.memberCluster("Kubernetes cloud", "", Set.of("east")).isError()).isTrue();
        Validation unknown = PoolValidation.memberCluster("Kubernetes cloud", "west", Set.of("east"));
        assertThat(unknown.level()).isEqualTo(Validation.Level.WARNING);
        assertThat(unknown.message()).contains("'west' is not configured (configured: [east])");
    }

    @Test
    void readsAgentSizesFromQuantitiesWithClearErrors() {
        assertThat(AgentRequest.ofQuantities("500m", "1Gi").resources().cpuMillis()).isEqualTo(500);
        assertThatThrownBy(() -> AgentRequest.ofQuantities("two", "1Gi")).hasMessage(
                "CPU 'two' is not a Kubernetes quantity: use e.g. '8', '500m' or '64Gi'.");
    }

    @Test
    void placesABurstOneAtATimeSoItSpreadsOverMembers() {
        PoolMember a = PoolMember.of("a", "ci");
        PoolMember b = PoolMember.of("b", "ci");
        List<MemberSnapshot> members = List.of(new MemberSnapshot(a, Loads.idle("a/ci", 8_000, 32L << 30)),
                new MemberSnapshot(b, Loads.idle("b/ci", 8_000, 32L << 30)));

        List<PoolMember> placed = LeastLoadPolicy.placeEach(AgentRequest.of(2000, 1L << 30), members, PlacementHistory.NONE,
                java.time.Instant.EPOCH, 10);

        assertThat(placed).extracting(PoolMember::id).containsExactly("a/ci", "b/ci", "a/ci", "b/ci", "a/ci", "b/ci", "a/ci", "b/ci");
    }
}
