package dev.rsidiff.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * Starts a service: Micronaut with the shared defaults. Micronaut's shutdown hook closes the context on SIGTERM,
 * which stops the Kafka listeners (their in-flight record finishes, uncommitted work is redelivered to another
 * instance), flushes and closes the producers with a timeout and releases the blob store's connections.
 */
public final class ServiceRuntime {

    private ServiceRuntime() {
    }

    public static ApplicationContext run(Class<?> mainClass, String... args) {
        return run(mainClass, () -> { }, args);
    }

    /**
     * @param engineStart runs after the libtorch thread budget is set and before the context starts: where a service
     *                    that runs models resolves its device, so that a bad setting stops it before any work
     */
    public static ApplicationContext run(Class<?> mainClass, Runnable engineStart, String... args) {
        TorchThreads.apply(System.getenv());
        engineStart.run();
        return Micronaut.build(args)
                .mainClass(mainClass)
                .propertySources(ServiceDefaults.propertySource())
                .banner(false)
                .start();
    }
}
