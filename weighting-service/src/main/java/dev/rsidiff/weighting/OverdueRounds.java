package dev.rsidiff.weighting;

import dev.rsidiff.weighting.round.RoundWeighting;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Looks now and then for rounds that stopped receiving scores and completes them without the missing images. */
@Singleton
public class OverdueRounds {

    private final RoundWeighting weighting;

    public OverdueRounds(RoundWeighting weighting) {
        this.weighting = weighting;
    }

    @Scheduled(fixedDelay = "${rsidiff.rounds.check-interval:10s}", initialDelay = "${rsidiff.rounds.check-interval:10s}")
    void check() {
        weighting.completeOverdue();
    }
}
