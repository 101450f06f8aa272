package dev.rsidiff.bench.loop;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.common.ServiceName;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.generator.generation.ImageGeneration;
import dev.rsidiff.generator.generation.ModelCache;
import dev.rsidiff.prompt.pool.PoolStore;
import dev.rsidiff.prompt.pool.TextEncoderEmbedder;
import dev.rsidiff.prompt.round.PoolSettings;
import dev.rsidiff.prompt.round.PromptPoolBuilder;
import dev.rsidiff.prompt.round.RoundPlanner;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.checkpoint.CheckpointCatalog;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.scorer.scoring.ImageScoring;
import dev.rsidiff.trainer.evaluation.RoundEvaluation;
import dev.rsidiff.trainer.training.RoundTraining;
import dev.rsidiff.weighting.round.ImageEncoder;
import dev.rsidiff.weighting.round.RoundWeighting;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One round done serially in one process: the services' own stage classes, each handed the previous stage's
 * events directly (no Kafka), against the same object store. What the event-driven pipeline has to beat.
 */
final class SerialRound {

    private final BlobStore blobs;
    private final BenchSettings settings;

    SerialRound(BlobStore blobs, BenchSettings settings) {
        this.blobs = blobs;
        this.settings = settings;
    }

    /** Runs round 1 of a one-round run of {@code config} and times each stage. */
    StageTimes run(RunConfig config) {
        String runId = RoundIds.newRunId(Clock.systemUTC()) + "-serial";
        RunConfigStore configs = new RunConfigStore(blobs);
        CheckpointCatalog catalog = new CheckpointCatalog();
        CheckpointStore checkpoints = new CheckpointStore(blobs, catalog, Duration.ofSeconds(5));
        Map<String, Duration> times = new LinkedHashMap<>();

        List<PromptFiltered> prompts = new ArrayList<>();
        PoolSettings pool = settings.poolSettings();
        RoundPlanner planner = new RoundPlanner(new PoolStore(blobs), configs,
                new PromptPoolBuilder(pool, TextEncoderEmbedder::ofBaseModel), new RoundPlanner.RoundEvents() {
            @Override
            public void planned(RoundPlanned event) {
            }

            @Override
            public void prompt(PromptFiltered event) {
                prompts.add(event);
            }
        }, new EventMetas(ServiceName.PROMPT_SERVICE), new Announcements(blobs, "planning"));
        timed(times, "plan", () -> {
            planner.runStarted(RunStarted.newBuilder()
                    .setMeta(new EventMetas(ServiceName.RUN_CONTROL).next(runId, config.getStartRound()))
                    .setConfig(config).build());
        });

        List<RoundEvaluated> evaluations = new ArrayList<>();
        try (RoundEvaluation evaluation = new RoundEvaluation(blobs, checkpoints, configs,
                Evaluator.Settings.defaults().withCounts(settings.evaluationPrompts(),
                        settings.evaluationImagesPerPrompt()), settings.validationPrompts(), evaluations::add,
                new EventMetas(ServiceName.EVALUATOR));
             ModelCache models = new ModelCache(checkpoints);
             ImageEncoder encoder = ImageEncoder.ofBaseModel()) {
            timed(times, "evaluate base", () -> {
                evaluation.evaluate(runId, config.getStartRound() - 1, config.getBaseCheckpointId(), config);
            });

            List<ImageGenerated> images = new CopyOnWriteArrayList<>(); // announced from the generator's I/O threads
            try (ImageGeneration generation = new ImageGeneration(blobs, configs, models,
                    new EventMetas(ServiceName.GENERATOR_SERVICE), settings.samplerBatch(), images::addAll)) {
                timed(times, "generate", () -> noneRejected("generate", "prompts", generation.accept(prompts)));
            }

            List<ScoresComputed> scores = new CopyOnWriteArrayList<>(); // the scorer announces from its I/O threads
            try (ImageScoring scorer = new ImageScoring(blobs, configs, new EventMetas(ServiceName.SCORER_SERVICE),
                    scores::add)) {
                timed(times, "score", () -> noneRejected("score", "images", scorer.accept(images)));
            }

            List<WeightsAssigned> weights = new ArrayList<>();
            RoundWeighting weighting = new RoundWeighting(blobs, configs, encoder, weights::add, pending -> {
                        // a person's approval has no place in a timing of the loop's work
                        throw new IllegalStateException("rsi bench loop times rounds without the review gate; run it"
                                + " with review=false");
                    }, new EventMetas(ServiceName.WEIGHTING_SERVICE), Duration.ofMinutes(5), Clock.systemUTC());
            timed(times, "select + weight", () -> noneRejected("weigh", "scores", weighting.accept(scores)));

            List<CheckpointPublished> published = new ArrayList<>();
            RoundTraining training = new RoundTraining(blobs, configs, checkpoints, published::add,
                    new EventMetas(ServiceName.TRAINER_SERVICE), Duration.ofMinutes(5), Clock.systemUTC());
            timed(times, "train", () -> {
                weights.forEach(training::accept);
            });
            if (published.size() != 1) {
                throw new IllegalStateException("The serial round published " + published.size() + " checkpoints; "
                        + images.size() + " images, " + scores.size() + " scores, " + weights.size() + " weights");
            }
            catalog.record(published.get(0));
            timed(times, "evaluate round", () -> {
                evaluation.evaluate(runId, config.getStartRound(), published.get(0).getCheckpointId(), config);
            });
            return new StageTimes(times, images.size(), scores.size(), weights.size());
        }
    }

    /** A serial round has no dead-letter topic: a rejected record stops it, saying which and why. */
    private static void noneRejected(String stage, String what, Map<?, RuntimeException> rejected) {
        if (!rejected.isEmpty()) {
            throw new IllegalStateException("The serial round could not " + stage + " " + rejected.size() + " " + what
                    + ": " + rejected.values().iterator().next().getMessage());
        }
    }

    private static void timed(Map<String, Duration> times, String stage, Runnable work) {
        long start = System.nanoTime();
        work.run();
        times.put(stage, Duration.ofNanos(System.nanoTime() - start));
    }
}
