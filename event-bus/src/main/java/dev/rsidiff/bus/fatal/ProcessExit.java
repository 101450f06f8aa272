package dev.rsidiff.bus.fatal;

import jakarta.inject.Singleton;

/** How the process ends after a fatal error; a bean so that a test can observe it instead of dying. */
@Singleton
public class ProcessExit {

    /** Runs the shutdown hooks (Micronaut stops its beans), then exits with {@code status}. */
    public void exit(int status) {
        System.exit(status);
    }

    /** Exits at once, without shutdown hooks. */
    public void halt(int status) {
        Runtime.getRuntime().halt(status);
    }
}
