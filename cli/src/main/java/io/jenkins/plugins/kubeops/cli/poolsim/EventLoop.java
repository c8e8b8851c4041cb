package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Discrete-event time: actions run in time order, and actions due at the same millisecond in the order they were scheduled,
 * so a run is a pure function of its inputs.
 */
final class EventLoop {

    private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long sequence;

    long now() {
        return now;
    }

    void at(long millis, Runnable action) {
        events.add(new Event(Math.max(millis, now), sequence++, action));
    }

    void after(long delayMillis, Runnable action) {
        at(now + delayMillis, action);
    }

    /** Runs events until {@code done}, none is left, or the next is after {@code horizonMillis}. */
    void runUntil(long horizonMillis, BooleanSupplier done) {
        while (!events.isEmpty() && !done.getAsBoolean()) {
            if (events.peek().at() > horizonMillis) {
                now = horizonMillis;
                return;
            }
            Event next = events.poll();
            now = next.at();
            next.action().run();
        }
    }
}
