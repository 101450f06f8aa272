package dev.rsidiff.trainer;

import dev.rsidiff.runtime.ServiceProcessChecks;

class TrainerServiceProcessIT extends ServiceProcessChecks {
    TrainerServiceProcessIT() {
        // the evaluation sampling batch
        super("trainer-service", new BadSetting("RSIDIFF_EVALUATION_BATCH_SIZE", "0", "rsidiff.evaluation.batch-size=0"));
    }
}
