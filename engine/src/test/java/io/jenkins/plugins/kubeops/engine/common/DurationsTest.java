package io.jenkins.plugins.kubeops.engine.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsSecondsMinutesHoursAndPlainNumbers() {
        assertThat(Durations.parse("timeout", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("timeout", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("timeout", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("timeout", " 45 ")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void namesTheSettingAndTheValueWhenItIsNotADuration() {
        assertThatThrownBy(() -> Durations.parse("--timeout", "ten minutes"))
                .hasMessage("--timeout 'ten minutes' is not a duration: use e.g. 90s, 10m or 1h30m.");
        assertThat(Durations.check("timeout", "").message()).isEqualTo("timeout is empty: use e.g. 90s, 10m or 1h30m.");
    }
}
