package dev.rsidiff.control;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.BlobStoreSettings;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.stack.StackEndpoints;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Tiny settings for loop tests: a small pool, a small held-out evaluation, two short rounds. */
final class LoopFixture {

    private LoopFixture() {
    }

    /** The five services on {@code stack}, starting after every event already there ({@link FreshStart}). */
    static ServiceFleet fleet(StackEndpoints stack, ServiceLogs logs) {
        return fleet(stack, logs, Map.of());
    }

    private static ServiceFleet fleet(StackEndpoints stack, ServiceLogs logs, Map<String, String> settings) {
        FreshStart.skipEarlierEvents(stack);
        Map<String, String> env = new HashMap<>(stack.asEnvironment());
        env.put("RSIDIFF_PROMPTS_CORPUS_SIZE", "400");
        env.put("RSIDIFF_PROMPTS_POOL_SIZE", "64");
        env.put("RSIDIFF_PROMPTS_CLUSTERS", "8");
        env.put("RSIDIFF_EVALUATION_PROMPTS", "8");
        env.put("RSIDIFF_EVALUATION_IMAGES_PER_PROMPT", "1");
        env.put("RSIDIFF_VALIDATION_PROMPTS", "8");
        env.putAll(settings);
        return new ServiceFleet(Path.of("..").toAbsolutePath().normalize(), logs.dir(), env);
    }

    /**
     * As {@link #fleet}, with the generator, the scorer and the weighting service taking one prompt, two images and
     * two scores per batch, so that a round of the fault tests spans many batches of each and a fault strikes
     * between two of them; at their defaults a tiny round is one batch, announced at once.
     */
    static ServiceFleet fleetInSmallBatches(StackEndpoints stack, ServiceLogs logs) {
        return fleet(stack, logs, Map.of(
                "RSIDIFF_GENERATOR_PROMPTS_PER_POLL", "1",
                "RSIDIFF_GENERATOR_SAMPLER_BATCH", "2",
                "RSIDIFF_SCORER_IMAGES_PER_POLL", "2",
                "RSIDIFF_WEIGHTING_SCORES_PER_POLL", "2"));
    }

    /**
     * As {@link #fleet}, with the generator taking {@code promptsPerPoll} prompts per batch and drawing sampler
     * batches of {@code samplerBatch} images, so that a round spans several generator batches and a kill after the
     * first images strikes mid-round; at the defaults a tiny round is one batch whose images are announced at once.
     */
    static ServiceFleet fleetWithGeneratorBatches(StackEndpoints stack, ServiceLogs logs, int promptsPerPoll,
                                                  int samplerBatch) {
        return fleet(stack, logs, Map.of(
                "RSIDIFF_GENERATOR_PROMPTS_PER_POLL", Integer.toString(promptsPerPoll),
                "RSIDIFF_GENERATOR_SAMPLER_BATCH", Integer.toString(samplerBatch)));
    }

    static RunConfig config(int prompts, int imagesPerPrompt, int topK, int epochs) {
        return RunConfigs.apply(RunConfigs.defaults(), Map.of(
                "rounds", "2",
                "promptsPerRound", Integer.toString(prompts),
                "imagesPerPrompt", Integer.toString(imagesPerPrompt),
                "topK", Integer.toString(topK),
                "epochs", Integer.toString(epochs),
                "batchSize", "8",
                "samplingSteps", "10",
                // the loop's mechanics, not its gains: a tiny round needs no more steps than it had before the
                // default rose to 80
                "minSteps", "40",
                // no aesthetic floor: with it a tiny round may keep fewer than K, and the tests count exact events
                "scoreFloors", ""));
    }

    static BlobStore blobs(StackEndpoints stack) {
        return new BlobStore(new BlobStoreSettings(stack.s3Endpoint(), stack.accessKey(), stack.secretKey(),
                stack.bucket(), "us-east-1"));
    }
}
