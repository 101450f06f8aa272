package dev.rsidiff.weighting;

import dev.rsidiff.runtime.ServiceProcessChecks;

class WeightingServiceProcessIT extends ServiceProcessChecks {
    WeightingServiceProcessIT() {
        // a round with no grace would be decided without the scores still on their way
        super("weighting-service", new BadSetting("RSIDIFF_ROUNDS_GRACE_PERIOD", "0s", "rsidiff.rounds.grace-period=PT0S"));
    }
}
