package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvictionBackoffTest {

    @Test
    void doublesUpToTheCapWithAtMostAFifthOfJitter() {
        EvictionBackoff backoff = new EvictionBackoff(Duration.ofMillis(250), Duration.ofSeconds(2));
        SplittableRandom random = new SplittableRandom(7);

        IntStream.rangeClosed(1, 30).forEach(attempt -> {
            long expected = Math.min(250L << Math.min(attempt - 1, 20), 2000);
            assertThat(backoff.delay(attempt, random).toMillis()).isBetween(expected - expected / 5, expected);
        });
    }

    @Test
    void jitterSpreadsTheRetriesOfOneBatch() {
        SplittableRandom random = new SplittableRandom(1);

        assertThat(IntStream.range(0, 50).mapToLong(i -> EvictionBackoff.DEFAULT.delay(4, random).toMillis()).distinct().count())
                .isGreaterThan(10);
    }
}
