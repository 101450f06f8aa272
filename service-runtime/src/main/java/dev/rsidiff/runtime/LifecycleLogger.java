package dev.rsidiff.runtime;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a service's start and orderly stop, so that operators (and tests) can tell a clean stop from a crash. */
@Singleton
public class LifecycleLogger {

    private static final Logger LOG = LoggerFactory.getLogger(LifecycleLogger.class);
    private final String name;

    public LifecycleLogger(@Value("${micronaut.application.name:service}") String name) {
        this.name = name;
    }

    @EventListener
    void started(StartupEvent event) {
        LOG.info("{} started (pid {})", name, ProcessHandle.current().pid());
    }

    @EventListener
    void stopping(ShutdownEvent event) {
        LOG.info("{} stopped cleanly", name);
    }
}
