package dev.rsidiff.prompt.round;

import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.protocol.stopping.EarlyStopping;
import dev.rsidiff.events.prompt.FilterScore;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.prompt.pool.PoolPrompt;
import dev.rsidiff.prompt.pool.PoolStore;
import dev.rsidiff.prompt.pool.PoolStore.RoundPrompt;
import dev.rsidiff.prompt.pool.PromptPool;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.protocol.config.UnknownRunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The prompt service's work: a run's pool when it starts, and each round's prompt set P_i, published as a round
 * plan and one event per prompt. Everything it publishes is derived from what it stored first (the pool, the
 * round's set), so redoing a step after a crash republishes the same ids, which consumers drop.
 */
public final class RoundPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(RoundPlanner.class);

    /** Where the planner's events go. */
    public interface RoundEvents {
        void planned(RoundPlanned event);

        void prompt(PromptFiltered event);
    }

    private final PoolStore pools;
    private final RunConfigStore configs;
    private final Function<RunConfig, PromptPool> poolBuilder;
    private final RoundEvents events;
    private final EventMetas metas;
    private final Announcements announcements;

    public RoundPlanner(PoolStore pools, RunConfigStore configs, Function<RunConfig, PromptPool> poolBuilder,
                        RoundEvents events, EventMetas metas, Announcements announcements) {
        this.pools = pools;
        this.configs = configs;
        this.poolBuilder = poolBuilder;
        this.events = events;
        this.metas = metas;
        this.announcements = announcements;
    }

    /** A run started: keep its configuration, build its pool, plan its first round on its base checkpoint. */
    public void runStarted(RunStarted event) {
        String runId = event.getMeta().getRunId();
        RunConfig config = RunConfigs.validate(event.getConfig());
        configs.save(runId, config);
        List<PoolPrompt> pool = pools.pool(runId).orElseGet(() -> {
            PromptPool built = poolBuilder.apply(config);
            pools.save(runId, built);
            LOG.info("Run {}: prompt pool of {} kept, {} rejected", runId, built.kept().size(), built.rejected().size());
            return built.kept();
        });
        plan(runId, config, pool, config.getStartRound(), config.getBaseCheckpointId());
    }

    /**
     * A round's checkpoint was published: plan the next round on it, unless the run is complete, or stops early
     * (then the round's evaluation decides, {@link #roundEvaluated}).
     */
    public void checkpointPublished(CheckpointPublished event) {
        String runId = event.getMeta().getRunId();
        RunConfig config = configs.load(runId);
        if (!EarlyStopping.enabled(config)) {
            planNext(runId, config, event.getMeta().getRound(), event.getCheckpointId());
        }
    }

    /**
     * A round was evaluated: in a run that stops early, plan the next round on its checkpoint unless the evaluation
     * says the run stops. The base's evaluation (round {@code startRound - 1}) plans nothing: the run's start did.
     */
    public void roundEvaluated(RoundEvaluated event) {
        String runId = event.getMeta().getRunId();
        int round = event.getMeta().getRound();
        RunConfig config;
        try {
            config = configs.load(runId);
        } catch (UnknownRunException e) {
            // Only the base's evaluation can arrive before this service has stored the run's configuration: the
            // evaluator starts from the run-started event too, and announces a stored evaluation of the base at once.
            // A later round's evaluation follows a checkpoint, which follows this service's plan. Nothing to plan.
            LOG.info("Run {}: evaluation of round {} arrived before the run's start was handled here; nothing to plan",
                    runId, round);
            return;
        }
        if (!EarlyStopping.enabled(config) || round < config.getStartRound()) {
            return;
        }
        if (event.getStopReason() != null) {
            LOG.info("Run {} stops after round {}: {}", runId, round, event.getStopReason());
            return;
        }
        planNext(runId, config, round, event.getCheckpointId());
    }

    private void planNext(String runId, RunConfig config, int round, String checkpointId) {
        int lastRound = RunConfigs.lastRound(config);
        if (round >= lastRound) {
            LOG.info("Run {}: round {} was the last; the run is complete", runId, round);
            return;
        }
        List<PoolPrompt> pool = pools.pool(runId).orElseThrow(() -> new IllegalStateException(
                "Run " + runId + " has no stored prompt pool; was its start event processed?"));
        plan(runId, config, pool, round + 1, checkpointId);
    }

    /** Plans the round and announces it, once however often the event that asks for it is delivered. */
    private void plan(String runId, RunConfig config, List<PoolPrompt> pool, int round, String checkpointId) {
        announcements.once(runId, round, "plan", () -> planAndAnnounce(runId, config, pool, round, checkpointId));
    }

    private void planAndAnnounce(String runId, RunConfig config, List<PoolPrompt> pool, int round, String checkpointId) {
        List<RoundPrompt> set = pools.round(runId, round).orElse(null);
        if (set == null) {
            set = choose(runId, config, pool, round);
            pools.saveRound(runId, round, set);
        }
        StoredBlob blob = pools.roundBlob(runId, round).orElseThrow();
        int n = config.getImagesPerPrompt();
        events.planned(RoundPlanned.newBuilder()
                .setMeta(metas.next(runId, round))
                .setCheckpointId(checkpointId)
                .setPromptCount(set.size())
                .setImagesPerPrompt(n)
                .setExpectedImages(set.size() * n)
                .setPromptSet(blob.toRef())
                .build());
        for (RoundPrompt p : set) {
            events.prompt(PromptFiltered.newBuilder()
                    .setMeta(metas.next(runId, round))
                    .setPromptId(p.promptId())
                    .setText(p.text())
                    .setFilterScores(p.scores().entrySet().stream()
                            .map(e -> new FilterScore(e.getKey(), e.getValue())).toList())
                    .setClusterId(p.clusterId())
                    .setCheckpointId(checkpointId)
                    .setPromptCount(set.size())
                    .setImagesPerPrompt(n)
                    .setPromptIndex(p.index())
                    .build());
        }
        LOG.info("Run {} round {}: {} prompts x {} images planned on checkpoint {}", runId, round, set.size(), n,
                checkpointId);
    }

    /** P_i: a seeded draw from the pool without repeats (the pool is cycled if a round asks for more). */
    static List<RoundPrompt> choose(String runId, RunConfig config, List<PoolPrompt> pool, int round) {
        int[] order = new int[pool.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(RoundIds.stageSeed(config.getSeed(), round, "prompts"));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<RoundPrompt> set = new ArrayList<>();
        for (int i = 0; i < config.getPromptsPerRound(); i++) {
            PoolPrompt p = pool.get(order[i % order.length]);
            set.add(new RoundPrompt(RoundIds.promptId(runId, round, i), i, p.text(), p.clusterId(), p.scores()));
        }
        return set;
    }
}
