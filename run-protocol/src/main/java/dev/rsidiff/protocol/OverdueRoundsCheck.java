package dev.rsidiff.protocol;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.util.List;

/** Looks now and then, in every service that collects rounds, for rounds that stopped receiving items. */
@Singleton
@Requires(beans = RoundCollector.class)
public class OverdueRoundsCheck {

    private final List<RoundCollector> collectors;

    public OverdueRoundsCheck(List<RoundCollector> collectors) {
        this.collectors = collectors;
    }

    @Scheduled(fixedDelay = "${rsidiff.rounds.check-interval:10s}", initialDelay = "${rsidiff.rounds.check-interval:10s}")
    void check() {
        collectors.forEach(RoundCollector::completeOverdue);
    }
}
