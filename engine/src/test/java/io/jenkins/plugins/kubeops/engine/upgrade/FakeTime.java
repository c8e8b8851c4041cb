package io.jenkins.plugins.kubeops.engine.upgrade;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when the code under test sleeps: waits in tests take no real time and are exact. */
final class FakeTime extends Clock {

    private Instant now;

    FakeTime(Instant start) {
        this.now = start;
    }

    Polling polling() {
        return new Polling(this, this::advance);
    }

    synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
