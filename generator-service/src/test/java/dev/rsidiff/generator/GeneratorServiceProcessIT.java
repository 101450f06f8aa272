package dev.rsidiff.generator;

import dev.rsidiff.runtime.ServiceProcessChecks;

class GeneratorServiceProcessIT extends ServiceProcessChecks {
    GeneratorServiceProcessIT() {
        super("generator-service");
    }
}
