package io.jenkins.plugins.kubeops.jenkins.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeployDeadlineTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private final DeployDeadline deadline = DeployDeadline.starting(START, Duration.ofMinutes(5), Duration.ofMinutes(10));

    @Test
    void atTheStartTheEngineGetsTheRequestedLockWaitAndTimeout() {
        assertEquals(new DeployDeadline.Budget(Duration.ofMinutes(5), Duration.ofMinutes(10)), deadline.budgetAt(START).orElseThrow());
    }

    @Test
    void insideTheLockWindowOnlyTheLockWaitShrinks() {
        assertEquals(new DeployDeadline.Budget(Duration.ofMinutes(2), Duration.ofMinutes(10)),
                deadline.budgetAt(START.plus(Duration.ofMinutes(3))).orElseThrow());
    }

    @Test
    void afterTheLockWindowTheTimeoutRunsToTheDeadline() {
        assertEquals(new DeployDeadline.Budget(Duration.ZERO, Duration.ofMinutes(8)),
                deadline.budgetAt(START.plus(Duration.ofMinutes(7))).orElseThrow());
    }

    @Test
    void lockWaitPlusTimeoutNeverReachPastTheDeadline() {
        for (int minute = 0; minute < 15; minute++) {
            Instant now = START.plus(Duration.ofMinutes(minute));
            assertEquals(Duration.between(now, deadline.until()), deadline.budgetAt(now).orElseThrow().total(), "minute " + minute);
        }
    }

    @Test
    void atTheDeadlineNothingIsLeft() {
        assertTrue(deadline.budgetAt(START.plus(Duration.ofMinutes(15))).isEmpty());
        assertEquals(Instant.parse("2026-03-01T10:15:00Z"), deadline.until());
    }

    @Test
    void durationsAreWrittenAsPipelinesWriteThem() {
        assertEquals("1h2m3s", DeployDeadline.format(Duration.ofSeconds(3723)));
        assertEquals("12m", DeployDeadline.format(Duration.ofMinutes(12)));
        assertEquals("0s", DeployDeadline.format(Duration.ZERO));
    }
}
