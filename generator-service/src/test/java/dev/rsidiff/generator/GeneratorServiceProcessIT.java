package dev.rsidiff.generator;

import dev.rsidiff.runtime.ServiceProcessChecks;

class GeneratorServiceProcessIT extends ServiceProcessChecks {
    GeneratorServiceProcessIT() {
        // images per sampler call
        super("generator-service", new BadSetting("RSIDIFF_GENERATOR_SAMPLER_BATCH", "0", "rsidiff.generator.sampler-batch=0"));
    }
}
