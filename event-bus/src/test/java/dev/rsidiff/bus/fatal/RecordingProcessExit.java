package dev.rsidiff.bus.fatal;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the exit a fatal error asks for instead of ending the test's JVM. */
@Singleton
@Replaces(ProcessExit.class)
@Requires(property = DyingListener.ENABLED, value = "true")
public class RecordingProcessExit extends ProcessExit {

    private final List<Integer> exits = new CopyOnWriteArrayList<>();

    @Override
    public void exit(int status) {
        exits.add(status);
    }

    @Override
    public void halt(int status) {
        exits.add(-status);
    }

    List<Integer> exits() {
        return exits;
    }
}
