package dev.rsidiff.bench.loop;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.prompt.round.PoolSettings;
import dev.rsidiff.protocol.config.RunConfigs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What both ways of running the round share: the run's settings and the services' own (pool, evaluation, sampler
 * batch), given to the serial round's stage classes directly and to the services as environment variables.
 *
 * @param overrides          run settings over the defaults ({@code name=value}, as {@code rsi run --set})
 * @param extraServiceEnvironment further environment for every service (thread budgets, JVM options)
 */
record BenchSettings(int prompts, int imagesPerPrompt, int evaluationPrompts, int evaluationImagesPerPrompt,
                     int validationPrompts, int samplerBatch, Map<String, String> overrides,
                     Map<String, String> extraServiceEnvironment) {

    /** The default run, one round unless the overrides say otherwise, sized as asked. */
    RunConfig runConfig() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rounds", "1");
        settings.put("promptsPerRound", Integer.toString(prompts));
        settings.put("imagesPerPrompt", Integer.toString(imagesPerPrompt));
        settings.putAll(overrides);
        return RunConfigs.apply(RunConfigs.defaults(), settings);
    }

    PoolSettings poolSettings() {
        return new PoolSettings();
    }

    /** The same service settings for the five services. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RSIDIFF_EVALUATION_PROMPTS", Integer.toString(evaluationPrompts));
        env.put("RSIDIFF_EVALUATION_IMAGES_PER_PROMPT", Integer.toString(evaluationImagesPerPrompt));
        env.put("RSIDIFF_VALIDATION_PROMPTS", Integer.toString(validationPrompts));
        env.put("RSIDIFF_GENERATOR_SAMPLER_BATCH", Integer.toString(samplerBatch));
        env.putAll(extraServiceEnvironment);
        return env;
    }
}
