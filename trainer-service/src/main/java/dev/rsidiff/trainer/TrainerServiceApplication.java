package dev.rsidiff.trainer;

import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the trainer service. */
public final class TrainerServiceApplication {

    private TrainerServiceApplication() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(TrainerServiceApplication.class, args);
    }
}
