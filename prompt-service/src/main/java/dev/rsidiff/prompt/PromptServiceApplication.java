package dev.rsidiff.prompt;

import dev.rsidiff.engine.device.ComputeDevice;
import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the prompt service. */
public final class PromptServiceApplication {

    private PromptServiceApplication() {
    }

    public static void main(String[] args) {
        // Resolves RSIDIFF_DEVICE now: a bad value stops the service before it takes any work.
        ServiceRuntime.run(PromptServiceApplication.class, ComputeDevice::configured, args);
    }
}
