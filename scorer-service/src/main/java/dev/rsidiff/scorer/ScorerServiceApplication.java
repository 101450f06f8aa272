package dev.rsidiff.scorer;

import dev.rsidiff.engine.device.ComputeDevice;
import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the scorer service. */
public final class ScorerServiceApplication {

    private ScorerServiceApplication() {
    }

    public static void main(String[] args) {
        // Resolves RSIDIFF_DEVICE now: a bad value stops the service before it takes any work.
        ServiceRuntime.run(ScorerServiceApplication.class, ComputeDevice::configured, args);
    }
}
