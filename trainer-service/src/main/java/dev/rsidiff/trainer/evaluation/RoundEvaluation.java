package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.evaluator.AttributeClassifier;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.evaluator.ValidationPrompts;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.stopping.EarlyStopping;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.Manifests;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScorerRegistry;
import dev.rsidiff.runtime.memory.HeapRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The held-out evaluation of a round's checkpoint (round {@code startRound - 1}: the run's base), with the same
 * prompts, seeds and sampler settings for every round so that rounds compare with each other and with the base.
 * The report is stored as the round's {@code evaluation.json} before it is announced; an existing report is
 * re-announced rather than recomputed, and a checkpoint another run already evaluated with the same settings (every
 * run's base, typically) is not evaluated again ({@link EvaluationCache}).
 */
public final class RoundEvaluation implements AutoCloseable {

    /** The stage's name among announcements. */
    public static final String STAGE = "evaluation";

    private static final Logger LOG = LoggerFactory.getLogger(RoundEvaluation.class);

    private final BlobStore blobs;
    private final CheckpointStore checkpoints;
    private final RunConfigStore configs;
    private final Evaluator.Settings settings;
    private final int validationPrompts;
    private final Consumer<RoundEvaluated> publish;
    private final EventMetas metas;
    private final Announcements announcements;
    private final EvaluationCache cache;
    private final EvaluationPriority priority;
    private final HeapRelease heapRelease;
    private final BatchWorkers workers;
    private AttributeClassifier classifier;
    private List<ImageScorer> scorers;

    /**
     * @param validationPrompts validation prompts evaluated beside the held-out ones (one image each, metrics under
     *                          {@link EvaluationReport#VALIDATION}); 0 for none
     */
    public RoundEvaluation(BlobStore blobs, CheckpointStore checkpoints, RunConfigStore configs,
                           Evaluator.Settings settings, int validationPrompts, Consumer<RoundEvaluated> publish,
                           EventMetas metas) {
        this(blobs, checkpoints, configs, settings, validationPrompts, publish, metas, new Announcements(blobs, STAGE));
    }

    /** @param announcements this stage's announcements, whose {@link Announcements#sender} {@code publish} uses */
    public RoundEvaluation(BlobStore blobs, CheckpointStore checkpoints, RunConfigStore configs,
                           Evaluator.Settings settings, int validationPrompts, Consumer<RoundEvaluated> publish,
                           EventMetas metas, Announcements announcements) {
        this(blobs, checkpoints, configs, settings, validationPrompts, publish, metas, announcements,
                EvaluationPriority.UNCHANGED, HeapRelease.NONE, 1);
    }

    /**
     * @param priority        the CPU priority the evaluating threads are lowered to
     * @param heapRelease     run once after each checkpoint this instance evaluated, when its images are garbage
     * @param samplingWorkers threads that draw the sampling batches of a run's last evaluation side by side
     *                        ({@link BatchWorkers}; the figures are the same with any number), at the same priority
     */
    public RoundEvaluation(BlobStore blobs, CheckpointStore checkpoints, RunConfigStore configs,
                           Evaluator.Settings settings, int validationPrompts, Consumer<RoundEvaluated> publish,
                           EventMetas metas, Announcements announcements, EvaluationPriority priority,
                           HeapRelease heapRelease, int samplingWorkers) {
        if (validationPrompts < 0 || validationPrompts > ValidationPrompts.MAX) {
            throw new IllegalArgumentException("validation prompts must be between 0 and " + ValidationPrompts.MAX
                    + ", got " + validationPrompts);
        }
        this.blobs = blobs;
        this.checkpoints = checkpoints;
        this.configs = configs;
        this.settings = settings;
        this.validationPrompts = validationPrompts;
        this.publish = publish;
        this.metas = metas;
        this.announcements = announcements;
        this.cache = new EvaluationCache(blobs);
        this.priority = priority;
        this.heapRelease = heapRelease;
        this.workers = BatchWorkers.of(samplingWorkers, "evaluation-batch", priority::applyToCurrentThread);
    }

    /** Evaluates the round's checkpoint and announces the metrics, once per round however often it is asked. */
    public synchronized void evaluate(String runId, int round, String checkpointId) {
        evaluate(runId, round, checkpointId, null);
    }

    /**
     * As {@link #evaluate(String, int, String)}, with the run's configuration at hand (the run-started event's: the
     * base is evaluated before the prompt service may have stored it); null loads it from the store.
     */
    public synchronized void evaluate(String runId, int round, String checkpointId, RunConfig config) {
        priority.applyToCurrentThread();
        if (announcements.once(runId, round, "evaluation",
                () -> evaluateAndAnnounce(runId, round, checkpointId, config))) {
            heapRelease.after("evaluating round " + round + " of " + runId);
        }
    }

    private void evaluateAndAnnounce(String runId, int round, String checkpointId, RunConfig knownConfig) {
        RunConfig config = knownConfig != null ? knownConfig : configs.load(runId);
        BlobKey key = BlobKeys.evaluationManifest(runId, round);
        BlobStore.Found found = blobs.readIfExists(key).orElse(null);
        EvaluationReport report;
        if (found != null) {
            report = Manifests.fromJson(found.bytes(), EvaluationReport.class, "evaluation report " + key.value());
        } else {
            if (classifier == null) {
                classifier = AttributeClassifier.shipped();
                scorers = ScorerRegistry.open(ScorerRegistry.names());
            }
            Map<String, String> scorerVersions = new TreeMap<>();
            scorers.forEach(sc -> scorerVersions.put(sc.name(), sc.version()));
            String fingerprint = EvaluationCache.fingerprint(settings, validationPrompts, classifier.version(),
                    scorerVersions);
            EvaluationReport stored = cache.find(checkpointId, fingerprint).orElse(null);
            if (stored != null) {
                report = stored;
                LOG.info("Run {} round {}: {} was already evaluated with these settings ({}); reusing it", runId,
                        round, checkpointId, fingerprint);
            } else {
                BatchWorkers sampling = samplingWorkers(round, config);
                report = evaluateNow(checkpointId, sampling);
                cache.put(checkpointId, fingerprint, report);
                LOG.info("Run {} round {}: held-out evaluation of {} in {} s ({} sampling thread(s)): {}", runId,
                        round, checkpointId, String.format("%.1f", report.seconds()), sampling.workers(),
                        new TreeMap<>(report.metrics()));
            }
            byte[] json = Manifests.toJson(report);
            found = new BlobStore.Found(blobs.put(key, json, "application/json"), json);
        }
        StoredBlob blob = found.blob();
        EarlyStopping.Decision decision = decide(runId, round, checkpointId, report, config);
        publish.accept(RoundEvaluated.newBuilder()
                .setMeta(metas.next(runId, round))
                .setCheckpointId(checkpointId)
                .setMetrics(Map.copyOf(report.metrics()))
                .setReport(blob.toRef())
                .setBestRound(decision.bestRound())
                .setBestCheckpointId(decision.bestCheckpointId())
                .setStopReason(decision.stopReason().orElse(null))
                .build());
    }

    /**
     * The sampling workers for an evaluation: all of them for the run's last round, whose evaluation nothing of the
     * run runs beside (a round's last work, on cores that would otherwise idle), and one, the calling thread, for the
     * base and the other rounds, whose evaluations run beside the next round's generation: there more threads took
     * cores from the generator (at niceness 10 still) and the round got no faster ({@code rsi bench loop}, README).
     */
    private BatchWorkers samplingWorkers(int round, RunConfig config) {
        return isLastRound(round, config) ? workers : BatchWorkers.INLINE;
    }

    static boolean isLastRound(int round, RunConfig config) {
        return round == RunConfigs.lastRound(config);
    }

    private EvaluationReport evaluateNow(String checkpointId, BatchWorkers sampling) {
        try (DiffusionModel model = checkpoints.load(checkpointId).toModel()) {
            Evaluator evaluator = new Evaluator(classifier, scorers, sampling);
            EvaluationReport report = evaluator.evaluate(model, checkpointId, settings);
            if (validationPrompts > 0) {
                report = report.withValidation(evaluator.evaluate(model, checkpointId,
                        settings.withCounts(validationPrompts, 1), ValidationPrompts.scenes(validationPrompts)));
            }
            return report;
        }
    }

    /**
     * The run's best round so far and whether it stops, from this round's report and the stored reports of its
     * earlier rounds; recorded as the round's {@code decision.json} (the same on a redo: it depends on stored
     * reports only).
     */
    private EarlyStopping.Decision decide(String runId, int round, String checkpointId, EvaluationReport report,
                                          RunConfig config) {
        Map<Integer, EarlyStopping.Evaluated> evaluations = new TreeMap<>();
        for (int r = config.getStartRound() - 1; r < round; r++) {
            int earlier = r;
            blobs.readIfExists(BlobKeys.evaluationManifest(runId, r)).ifPresent(f -> {
                EvaluationReport e = Manifests.fromJson(f.bytes(), EvaluationReport.class, "evaluation report of round " + earlier);
                evaluations.put(earlier, new EarlyStopping.Evaluated(e.checkpointId(), e.metrics()));
            });
        }
        evaluations.put(round, new EarlyStopping.Evaluated(checkpointId, report.metrics()));
        EarlyStopping.Decision decision = EarlyStopping.decide(config, evaluations, round);
        blobs.put(BlobKeys.decisionManifest(runId, round), Manifests.toJson(new DecisionManifest(
                decision.bestRound(), decision.bestCheckpointId(), decision.stopReason().orElse(null))), "application/json");
        decision.stopReason().ifPresent(reason -> LOG.info("Run {} stops after round {}: {}; best round {} ({})",
                runId, round, reason, decision.bestRound(), decision.bestCheckpointId()));
        return decision;
    }

    /** What {@code decision.json} records. */
    record DecisionManifest(int bestRound, String bestCheckpointId, String stopReason) {
    }

    @Override
    public synchronized void close() {
        workers.close();
        if (classifier != null) {
            classifier.close();
            scorers.forEach(ImageScorer::close);
        }
    }
}
