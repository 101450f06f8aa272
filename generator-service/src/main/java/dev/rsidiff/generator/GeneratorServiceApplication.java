package dev.rsidiff.generator;

import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the generator service. */
public final class GeneratorServiceApplication {

    private GeneratorServiceApplication() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(GeneratorServiceApplication.class, args);
    }
}
