package dev.rsidiff.scorer;

import dev.rsidiff.runtime.ServiceProcessChecks;

class ScorerServiceProcessIT extends ServiceProcessChecks {
    ScorerServiceProcessIT() {
        super("scorer-service");
    }
}
