package dev.rsidiff.weighting;

import dev.rsidiff.engine.device.ComputeDevice;
import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the weighting service. */
public final class WeightingServiceApplication {

    private WeightingServiceApplication() {
    }

    public static void main(String[] args) {
        // Resolves RSIDIFF_DEVICE now: a bad value stops the service before it takes any work.
        ServiceRuntime.run(WeightingServiceApplication.class, ComputeDevice::configured, args);
    }
}
