package dev.rsidiff.trainer;

import dev.rsidiff.engine.device.ComputeDevice;
import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the trainer service. */
public final class TrainerServiceApplication {

    private TrainerServiceApplication() {
    }

    public static void main(String[] args) {
        // Resolves RSIDIFF_DEVICE now: a bad value stops the service before it takes any work.
        ServiceRuntime.run(TrainerServiceApplication.class, ComputeDevice::configured, args);
    }
}
