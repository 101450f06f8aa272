package dev.rsidiff.trainer;

import dev.rsidiff.runtime.ServiceProcessChecks;

class TrainerServiceProcessIT extends ServiceProcessChecks {
    TrainerServiceProcessIT() {
        super("trainer-service");
    }
}
