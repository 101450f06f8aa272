package dev.rsidiff.stack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, for stages that act after a grace period (shared through the test-jar). */
public final class MovableClock extends Clock {

    private Instant now = Instant.parse("2026-11-23T00:00:00Z");

    /** Moves the clock forward. */
    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
