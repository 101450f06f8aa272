package dev.rsidiff.generator;

import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.generator.generation.SamplerWarmUp;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the sampler's warm-up ({@link SamplerWarmUp}) when the service has started, from a thread of its own, on
 * the sampling workers themselves. At the service's priority: at niceness 10 (on threads of its own), in six runs of
 * {@code rsi bench loop} on 2 cores, it took 6.3-8.8 s instead of 2.0-5.2 s and was still drawing when the round's
 * first prompts came, and those first polls, held for it or drawing beside it, took 4.0-5.3 s to sample against
 * 3.2-3.7 s after a warm-up at the service's priority and 4.5-6.6 s cold. A warm-up that fails costs only speed
 * (the first batches are drawn cold), so it is logged, not fatal.
 */
@Singleton
public class SamplerWarmUpOnStart {

    /** Whether the sampler warms up when the service starts (environment: {@code RSIDIFF_GENERATOR_WARM_UP}). */
    public static final String WARM_UP = "rsidiff.generator.warm-up";

    private static final Logger LOG = LoggerFactory.getLogger(SamplerWarmUpOnStart.class);

    private final boolean enabled;
    private final ImageGeneration generation;

    public SamplerWarmUpOnStart(@Value("${" + WARM_UP + ":true}") boolean enabled, ImageGeneration generation) {
        this.enabled = enabled;
        this.generation = generation;
    }

    @EventListener
    void started(StartupEvent event) {
        if (!enabled) {
            LOG.info("Sampler warm-up off ({}=false): the first batches are drawn cold", WARM_UP);
            return;
        }
        Thread thread = new Thread(this::warmUp, "sampler-warm-up");
        thread.setDaemon(true); // a stop does not wait for it; the model cache's close does
        thread.start();
    }

    private void warmUp() {
        try {
            generation.warmUp();
        } catch (RuntimeException e) {
            LOG.warn("Sampler warm-up failed; the first batches are drawn cold: {}", e.toString());
        }
    }
}
