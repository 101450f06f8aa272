package dev.rsidiff.generator;

import dev.rsidiff.engine.device.ComputeDevice;
import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the generator service. */
public final class GeneratorServiceApplication {

    private GeneratorServiceApplication() {
    }

    public static void main(String[] args) {
        // Resolves RSIDIFF_DEVICE now: a bad value stops the service before it takes any work.
        ServiceRuntime.run(GeneratorServiceApplication.class, ComputeDevice::configured, args);
    }
}
