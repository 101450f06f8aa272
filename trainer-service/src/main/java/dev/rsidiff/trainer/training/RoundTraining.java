package dev.rsidiff.trainer.training;

import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.train.DiffusionTrainer;
import dev.rsidiff.engine.train.FineTuner;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.common.BlobRef;
import dev.rsidiff.events.run.DeadLetterPolicy;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.weight.WeightsAssigned;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.OpenRounds;
import dev.rsidiff.protocol.RoundCollector;
import dev.rsidiff.protocol.StoredImages;
import dev.rsidiff.protocol.TrainingSet;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.RoundItems;
import dev.rsidiff.protocol.checkpoint.CheckpointStore;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.runtime.memory.HeapRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trainer's work. Weighted samples are collected per round in the object store; when a round has as many as
 * its events say were selected, the round's checkpoint is fine-tuned on them with the weighted loss (Eq. 6) and
 * condition drop, stored, and announced, once: a weight redelivered or arriving late after the round's checkpoint
 * was announced changes nothing. A checkpoint already stored for the round (a crash before the announcement) is
 * announced as it is, so a round never yields two checkpoints. A round whose last weights never come (dead-lettered
 * on the way) is trained on what arrived once nothing has come for the grace period, and the checkpoint's training
 * note says how many were missing.
 */
public final class RoundTraining implements RoundCollector {

    /** The stage's name among announcements. */
    public static final String STAGE = "training";

    private static final Logger LOG = LoggerFactory.getLogger(RoundTraining.class);
    private static final String CHECKPOINT = "checkpoint";

    private final BlobStore blobs;
    private final RunConfigStore configs;
    private final CheckpointStore checkpoints;
    private final RoundItems<WeightsAssigned> weights;
    private final Consumer<CheckpointPublished> publish;
    private final EventMetas metas;
    private final Announcements announcements;
    private final OpenRounds open;
    private final Duration gracePeriod;
    private final HeapRelease heapRelease;
    /** Overdue rounds of FAIL_RUN runs already reported as waiting (reported once each). */
    private final java.util.Set<OpenRounds.RoundRef> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param gracePeriod how long a round may receive no weight before it is trained without its missing samples
     */
    public RoundTraining(BlobStore blobs, RunConfigStore configs, CheckpointStore checkpoints,
                         Consumer<CheckpointPublished> publish, EventMetas metas, Duration gracePeriod, Clock clock) {
        this(blobs, configs, checkpoints, publish, metas, gracePeriod, clock, new Announcements(blobs, STAGE),
                HeapRelease.NONE);
    }

    /**
     * @param announcements this stage's announcements, whose {@link Announcements#sender} {@code publish} uses
     * @param heapRelease   run once after each round this instance fine-tuned, when its samples are garbage
     */
    public RoundTraining(BlobStore blobs, RunConfigStore configs, CheckpointStore checkpoints,
                         Consumer<CheckpointPublished> publish, EventMetas metas, Duration gracePeriod, Clock clock,
                         Announcements announcements, HeapRelease heapRelease) {
        this.blobs = blobs;
        this.configs = configs;
        this.checkpoints = checkpoints;
        this.weights = RoundItems.weights(blobs);
        this.publish = publish;
        this.metas = metas;
        this.announcements = announcements;
        this.open = new OpenRounds(blobs, "training", clock);
        this.gracePeriod = gracePeriod;
        this.heapRelease = heapRelease;
    }

    public synchronized void accept(WeightsAssigned event) {
        accept(event, () -> { });
    }

    /**
     * @param stillOwner confirms, before the checkpoint is stored, that this instance still owns the round's
     *                   partition (throws {@link dev.rsidiff.bus.write.FencedOutException} if not), so that an
     *                   instance that stalled while another took over does not store a second checkpoint
     */
    public synchronized void accept(WeightsAssigned event, Runnable stillOwner) {
        String runId = event.getMeta().getRunId();
        int round = event.getMeta().getRound();
        if (announcements.announced(runId, round, CHECKPOINT)) {
            LOG.debug("Run {} round {}: weight for {} after the round's checkpoint was announced; acknowledged", runId,
                    round, event.getImageId());
            return;
        }
        configs.load(runId); // an unknown run's sample is refused before anything of it is stored or opened
        open.touch(runId, round);
        if (weights.collect(runId, round, event.getImageId(), event) >= event.getSelectedCount()) {
            boolean trained = announcements.once(runId, round, CHECKPOINT,
                    () -> complete(runId, round, event.getCheckpointId(), event.getSelectedCount(), false, stillOwner));
            open.close(runId, round);
            releaseHeapIf(trained, runId, round);
        }
    }

    /**
     * Trains every open round that has received no weight for the grace period on the samples that arrived (the
     * rest were dead-lettered on the way, or lost); rounds with nothing stored are left alone.
     */
    @Override
    public synchronized void completeOverdue() {
        for (OpenRounds.RoundRef r : open.overdue(gracePeriod)) {
            if (!announcements.owns(r.runId())) {
                continue; // another instance owns the run's partition and finishes the round
            }
            if (announcements.announced(r.runId(), r.round(), CHECKPOINT)) {
                open.close(r.runId(), r.round());
                continue;
            }
            List<WeightsAssigned> stored = weights.all(r.runId(), r.round());
            if (stored.isEmpty()) {
                continue;
            }
            if (configs.load(r.runId()).getOnDeadLetters() == DeadLetterPolicy.FAIL_RUN) {
                if (waiting.add(r)) {
                    LOG.warn("Run {} round {}: no weight for {}; the run fails on dead letters (onDeadLetters=FAIL_RUN),"
                            + " so the round waits for them to be replayed", r.runId(), r.round(), gracePeriod);
                }
                continue;
            }
            WeightsAssigned any = stored.get(0);
            LOG.warn("Run {} round {}: no weight for {}; training on {} of {} samples", r.runId(), r.round(),
                    gracePeriod, stored.size(), any.getSelectedCount());
            boolean trained = announcements.once(r.runId(), r.round(), CHECKPOINT,
                    () -> complete(r.runId(), r.round(), any.getCheckpointId(), any.getSelectedCount(), true, () -> { }));
            open.close(r.runId(), r.round());
            releaseHeapIf(trained, r.runId(), r.round());
        }
    }

    /** Partitions were assigned: rounds are counted from the object store again, never from this process's memory. */
    public synchronized void partitionsAssigned() {
        weights.forgetCounts();
        open.reload();
    }

    private void releaseHeapIf(boolean trained, String runId, int round) {
        if (trained) {
            heapRelease.after("training round " + round + " of " + runId);
        }
    }

    /** The run's epochs, or more if they give fewer than its minimum of optimizer steps. */
    static int epochsFor(RunConfig config, int samples) {
        int perEpoch = Math.max(1, (samples + config.getBatchSize() - 1) / config.getBatchSize());
        int needed = (config.getMinSteps() + perEpoch - 1) / perEpoch;
        return Math.max(config.getEpochs(), needed);
    }

    private void complete(String runId, int round, String parentId, int expected, boolean allowMissing,
                          Runnable stillOwner) {
        CheckpointStore.Stored stored = checkpoints.storedFor(runId, round).orElse(null);
        TrainingNote note;
        if (stored != null) {
            note = TrainingNote.fromJson(stored.header().note());
            LOG.info("Run {} round {}: checkpoint {} was already stored; announcing it", runId, round, stored.header().id());
        } else {
            List<WeightsAssigned> samples = weights.all(runId, round);
            if (samples.size() < expected && !allowMissing) {
                throw new IllegalStateException("Round " + round + " of " + runId + " has " + samples.size() + " of "
                        + expected + " weighted samples stored");
            }
            for (WeightsAssigned w : samples) {
                if (!w.getCheckpointId().equals(parentId)) {
                    throw new IllegalStateException("Round " + round + " of " + runId + " mixes samples of checkpoints "
                            + parentId + " and " + w.getCheckpointId());
                }
            }
            RunConfig config = configs.load(runId);
            List<String> refused = new ArrayList<>();
            List<FineTuner.Sample> data = new ArrayList<>();
            List<WeightsAssigned> trainOn = TrainingSet.of(weights, config, runId, round, samples);
            long readStart = System.nanoTime();
            // Keyed by position: the samples' order is the training's order, and one image may be listed twice
            Map<Integer, BlobRef> refs = new LinkedHashMap<>();
            for (int i = 0; i < trainOn.size(); i++) {
                refs.put(i, trainOn.get(i).getImage());
            }
            Map<Integer, RuntimeException> unreadable = new LinkedHashMap<>();
            Map<Integer, BufferedImage> images = StoredImages.readAll(blobs, refs, unreadable);
            for (int i = 0; i < trainOn.size(); i++) {
                WeightsAssigned w = trainOn.get(i);
                if (images.containsKey(i)) {
                    data.add(new FineTuner.Sample(Images.toChw(images.get(i)), w.getPromptText(), w.getWeight()));
                } else {
                    LOG.error("Run {} round {}: image {} refused, never trained on: {}", runId, round, w.getImageId(),
                            unreadable.get(i).getMessage());
                    refused.add(w.getImageId());
                }
            }
            LOG.info("Run {} round {}: fine-tuning {} on {} samples (their images read in {} ms)", runId, round, parentId,
                    data.size(), (System.nanoTime() - readStart) / 1_000_000);
            try (DiffusionModel model = checkpoints.load(parentId).toModel()) {
                TrainerSettings d = TrainerSettings.fineTuneDefaults(RoundIds.stageSeed(config.getSeed(), round, "training"));
                TrainerSettings settings = new TrainerSettings(config.getLearningRate(), d.weightDecay(), d.gradClipNorm(),
                        config.getConditionDropProbability(), d.minSnrGamma(), config.getEmaDecay(),
                        config.getBatchSize(), d.seed(), d.trainTextEncoder(), config.getWarmupSteps());
                FineTuner.Result r;
                long skipped;
                try (DiffusionTrainer trainer = new DiffusionTrainer(model, settings)) {
                    if (config.getAnchorStrength() > 0) {
                        trainer.anchorTo(checkpoints.load(config.getBaseCheckpointId()).tensors(),
                                config.getAnchorStrength());
                    }
                    r = FineTuner.run(model, trainer, data, epochsFor(config, data.size()));
                    trainer.applyEma();
                    skipped = trainer.skippedSteps();
                }
                if (skipped > 0) {
                    LOG.warn("Run {} round {}: {} of {} steps had non-finite gradients and were skipped", runId, round,
                            skipped, r.steps());
                }
                int missing = Math.max(0, expected - samples.size());
                note = new TrainingNote(r.samples(), r.weightSum(), r.epochs(), r.steps(), r.meanLoss(), r.finalLoss(),
                        r.duration().toMillis(), refused, missing, missing == 0 ? "" : "no weight arrived for "
                        + gracePeriod + " after the last one; the missing samples were dead-lettered on the way", skipped);
                stillOwner.run();
                stored = checkpoints.store(runId, round, model, parentId, note.toJson());
            }
            LOG.info("Run {} round {}: fine-tuned {} on {} samples (weight sum {}) for {} epochs, {} steps, loss {} -> {}, "
                            + "in {} ms: checkpoint {}", runId, round, parentId, note.samples(), note.weightSum(),
                    note.epochs(), note.steps(), note.meanLoss(), note.finalLoss(), note.durationMillis(), stored.header().id());
        }
        publish.accept(CheckpointPublished.newBuilder()
                .setMeta(metas.next(runId, round))
                .setCheckpointId(stored.header().id())
                .setParentId(stored.header().parentId())
                .setCheckpoint(stored.blob().toRef())
                .setStats(note.toStats())
                .build());
    }
}
