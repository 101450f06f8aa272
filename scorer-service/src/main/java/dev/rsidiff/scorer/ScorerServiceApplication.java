package dev.rsidiff.scorer;

import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the scorer service. */
public final class ScorerServiceApplication {

    private ScorerServiceApplication() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(ScorerServiceApplication.class, args);
    }
}
