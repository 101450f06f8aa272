package dev.rsidiff.weighting;

import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the weighting service. */
public final class WeightingServiceApplication {

    private WeightingServiceApplication() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(WeightingServiceApplication.class, args);
    }
}
