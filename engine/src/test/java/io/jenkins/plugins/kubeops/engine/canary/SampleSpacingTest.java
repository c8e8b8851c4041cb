package io.jenkins.plugins.kubeops.engine.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSpacingTest {

    private static List<PrometheusSeries.Sample> everySecond(int count) {
        List<PrometheusSeries.Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(new PrometheusSeries.Sample(Instant.ofEpochSecond(1000 + i), i));
        }
        return samples;
    }

    @Test
    void theWindowIsTheLongestRangeSelectorOfTheQuery() {
        SampleSpacing spacing = SampleSpacing.of("sum(rate(a{x=\"[1s]\"}[3s])) / sum(rate(b[1m30s])) + max_over_time(c[5m:30s])",
                Duration.ofSeconds(1));
        assertThat(spacing.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(SampleSpacing.of("sum(rate(a[1500ms]))", Duration.ofSeconds(1)).window()).isEqualTo(Duration.ofMillis(1500));
        assertThat(SampleSpacing.of("up", Duration.ofSeconds(2)).window()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void samplesAreKeptOneWindowApartCountingBackFromTheLatest() {
        SampleSpacing spacing = new SampleSpacing(Duration.ofSeconds(3), Duration.ofSeconds(1));
        assertThat(spacing.independent(everySecond(10))).extracting(PrometheusSeries.Sample::value)
                .containsExactly(0.0, 3.0, 6.0, 9.0);
        assertThat(spacing.note()).isEqualTo("only samples 3s apart compared: rate windows of 3s every 1s share requests; "
                + "make the window no longer than step");
    }

    @Test
    void aGapInTheSamplesDoesNotBringTwoKeptOnesCloserThanAWindow() {
        SampleSpacing spacing = new SampleSpacing(Duration.ofSeconds(3), Duration.ofSeconds(1));
        List<PrometheusSeries.Sample> withGap = new ArrayList<>(everySecond(10));
        withGap.remove(6);
        assertThat(spacing.independent(withGap)).extracting(PrometheusSeries.Sample::value)
                .containsExactly(2.0, 5.0, 9.0);
    }

    @Test
    void samplesOfWindowsNoLongerThanTheStepAreAllKept() {
        SampleSpacing spacing = new SampleSpacing(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(spacing.independent(everySecond(10))).hasSize(10);
        assertThat(spacing.note()).isEmpty();
    }
}
