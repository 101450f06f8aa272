package dev.rsidiff.scorer;

import dev.rsidiff.runtime.ServiceProcessChecks;

class ScorerServiceProcessIT extends ServiceProcessChecks {
    ScorerServiceProcessIT() {
        // images per batch: Kafka would take 501, the service does not
        super("scorer-service", new BadSetting("RSIDIFF_SCORER_IMAGES_PER_POLL", "501", "rsidiff.scorer.images-per-poll=501"));
    }
}
