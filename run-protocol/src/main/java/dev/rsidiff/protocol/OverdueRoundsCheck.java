package dev.rsidiff.protocol;

import dev.rsidiff.runtime.SettingChecks;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.util.List;

/**
 * Looks now and then, in every service that collects rounds, for rounds that stopped receiving items. Created with
 * the context, so that a check interval that is not positive stops the service naming the setting (the scheduler
 * alone would stop it with a bare "null").
 */
@Context
@Requires(beans = RoundCollector.class)
public class OverdueRoundsCheck {

    /** How often (environment: {@code RSIDIFF_ROUNDS_CHECK_INTERVAL}). */
    public static final String CHECK_INTERVAL = "rsidiff.rounds.check-interval";

    private final List<RoundCollector> collectors;

    public OverdueRoundsCheck(List<RoundCollector> collectors,
                              @Value("${" + CHECK_INTERVAL + ":10s}") Duration checkInterval) {
        SettingChecks.positive(CHECK_INTERVAL, checkInterval);
        this.collectors = collectors;
    }

    @Scheduled(fixedDelay = "${" + CHECK_INTERVAL + ":10s}", initialDelay = "${" + CHECK_INTERVAL + ":10s}")
    void check() {
        collectors.forEach(RoundCollector::completeOverdue);
    }
}
