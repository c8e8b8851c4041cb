package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSizingTest {

    @Test
    void aCanaryOfOneThenDoublingUpToTheMaximum() {
        assertThat(BatchSizing.sizes(10, 4)).containsExactly(1, 2, 4, 3);
        assertThat(BatchSizing.sizes(20, 100)).containsExactly(1, 2, 4, 8, 5);
        assertThat(BatchSizing.sizes(16, 3)).containsExactly(1, 2, 3, 3, 3, 3, 1);
    }

    @Test
    void maximumOneMeansOneNodeAtATime() {
        assertThat(BatchSizing.sizes(4, 1)).containsExactly(1, 1, 1, 1);
    }

    @Test
    void smallAndEmptyGroups() {
        assertThat(BatchSizing.sizes(1, 5)).containsExactly(1);
        assertThat(BatchSizing.sizes(0, 5)).isEmpty();
        assertThat(BatchSizing.sizes(2, 5)).containsExactly(1, 1);
    }

    @Test
    void batchesKeepTheNodeOrder() {
        assertThat(BatchSizing.batches(List.of("a", "b", "c", "d", "e"), 2))
                .containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    }

    @Test
    void maxUnavailableCountsAndPercentages() {
        assertThat(MaxUnavailable.parse("3").resolve(10)).isEqualTo(3);
        assertThat(MaxUnavailable.parse("3").resolve(2)).as("never more than the group").isEqualTo(2);
        assertThat(MaxUnavailable.parse("25%").resolve(10)).as("rounded down").isEqualTo(2);
        assertThat(MaxUnavailable.parse("25%").resolve(3)).as("never below one").isEqualTo(1);
        assertThat(MaxUnavailable.parse("100%").resolve(7)).isEqualTo(7);
        assertThat(MaxUnavailable.parse(" 50% ")).hasToString("50%");
    }

    @Test
    void badMaxUnavailableIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> MaxUnavailable.parse("0")).hasMessageContaining("'0' is out of range");
        assertThatThrownBy(() -> MaxUnavailable.parse("0%")).hasMessageContaining("'0%' is out of range");
        assertThatThrownBy(() -> MaxUnavailable.parse("101%")).hasMessageContaining("'101%' is out of range");
        assertThatThrownBy(() -> MaxUnavailable.parse("-1")).hasMessageContaining("'-1' is not a count or a percentage");
        assertThatThrownBy(() -> MaxUnavailable.parse("many")).hasMessageContaining("use e.g. 3 or 25%");
    }
}
