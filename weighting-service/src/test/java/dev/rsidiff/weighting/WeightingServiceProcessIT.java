package dev.rsidiff.weighting;

import dev.rsidiff.runtime.ServiceProcessChecks;

class WeightingServiceProcessIT extends ServiceProcessChecks {
    WeightingServiceProcessIT() {
        super("weighting-service");
    }
}
