package dev.rsidiff.schemas;

import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.review.SelectionPending;
import dev.rsidiff.events.review.SelectionReviewed;
import dev.rsidiff.events.run.RoundEvaluated;
import dev.rsidiff.events.run.RoundPlanned;
import dev.rsidiff.events.run.RunStarted;
import dev.rsidiff.events.score.ScoresComputed;
import dev.rsidiff.events.weight.WeightsAssigned;

import java.util.List;

/**
 * Every topic of the system. Each topic carries exactly one event type and has exactly one writing service.
 *
 * <p>Partition counts bound how far a consumer group scales out: the work topics (prompts, images, scores) have
 * six so that up to six generator or scorer instances share a round; control topics have one so that their
 * events stay totally ordered.
 */
public final class Topics {

    /** Written by run control (the CLI): a run started with its configuration. Keyed by run id. */
    public static final Topic<String, RunStarted> RUNS_STARTED =
            new Topic<>(Names.RUNS_STARTED, 1, String.class, RunStarted.class, e -> e.getMeta().getRunId());

    /** Written by prompt-service: a round's prompt set and expected counts. Keyed by run id. */
    public static final Topic<String, RoundPlanned> ROUNDS_PLANNED =
            new Topic<>(Names.ROUNDS_PLANNED, 1, String.class, RoundPlanned.class, e -> e.getMeta().getRunId());

    /** Written by prompt-service: one event per prompt of a round. Keyed by prompt id. */
    public static final Topic<String, PromptFiltered> PROMPTS_FILTERED =
            new Topic<>(Names.PROMPTS_FILTERED, 6, String.class, PromptFiltered.class, PromptFiltered::getPromptId);

    /**
     * Written by generator-service: one event per generated image. Keyed by prompt id, so that a prompt's images,
     * which share one stored shard, reach the same scorer in the same batches and are read with one request.
     */
    public static final Topic<String, ImageGenerated> IMAGES_GENERATED =
            new Topic<>(Names.IMAGES_GENERATED, 6, String.class, ImageGenerated.class, ImageGenerated::getPromptId);

    /** Written by scorer-service: one event per scored image. Keyed by run id, so one weighting instance sees a whole round. */
    public static final Topic<String, ScoresComputed> SCORES_COMPUTED =
            new Topic<>(Names.SCORES_COMPUTED, 6, String.class, ScoresComputed.class, e -> e.getMeta().getRunId());

    /** Written by weighting-service: one event per selected sample. Keyed by run id, so one trainer sees a whole round. */
    public static final Topic<String, WeightsAssigned> WEIGHTS_ASSIGNED =
            new Topic<>(Names.WEIGHTS_ASSIGNED, 3, String.class, WeightsAssigned.class, e -> e.getMeta().getRunId());

    /**
     * Written by weighting-service, for runs with the review gate only: a round's selection awaits approval.
     * Keyed by run id.
     */
    public static final Topic<String, SelectionPending> SELECTIONS_PENDING =
            new Topic<>(Names.SELECTIONS_PENDING, 1, String.class, SelectionPending.class, e -> e.getMeta().getRunId());

    /** Written by run control (the dashboard): a person approved a pending selection. Keyed by run id. */
    public static final Topic<String, SelectionReviewed> SELECTIONS_REVIEWED =
            new Topic<>(Names.SELECTIONS_REVIEWED, 1, String.class, SelectionReviewed.class, e -> e.getMeta().getRunId());

    /** Written by trainer-service: a new checkpoint, which starts the next round. Keyed by run id. */
    public static final Topic<String, CheckpointPublished> CHECKPOINTS_PUBLISHED =
            new Topic<>(Names.CHECKPOINTS_PUBLISHED, 1, String.class, CheckpointPublished.class, e -> e.getMeta().getRunId());

    /** Written by the evaluator: held-out metrics of a round's checkpoint. Keyed by run id. */
    public static final Topic<String, RoundEvaluated> ROUNDS_EVALUATED =
            new Topic<>(Names.ROUNDS_EVALUATED, 1, String.class, RoundEvaluated.class, e -> e.getMeta().getRunId());

    private static final List<Topic<String, ?>> ALL = List.of(
            RUNS_STARTED, ROUNDS_PLANNED, PROMPTS_FILTERED, IMAGES_GENERATED,
            SCORES_COMPUTED, SELECTIONS_PENDING, SELECTIONS_REVIEWED, WEIGHTS_ASSIGNED, CHECKPOINTS_PUBLISHED,
            ROUNDS_EVALUATED);

    /**
     * The topic names as compile-time constants, for annotations ({@code @Topic(Topics.Names.IMAGES_GENERATED)});
     * code that writes or reads a topic uses the typed constants above.
     */
    public static final class Names {
        public static final String RUNS_STARTED = "rsidiff.runs.started";
        public static final String ROUNDS_PLANNED = "rsidiff.rounds.planned";
        public static final String PROMPTS_FILTERED = "rsidiff.prompts.filtered";
        public static final String IMAGES_GENERATED = "rsidiff.images.generated";
        public static final String SCORES_COMPUTED = "rsidiff.scores.computed";
        public static final String SELECTIONS_PENDING = "rsidiff.selections.pending";
        public static final String SELECTIONS_REVIEWED = "rsidiff.selections.reviewed";
        public static final String WEIGHTS_ASSIGNED = "rsidiff.weights.assigned";
        public static final String CHECKPOINTS_PUBLISHED = "rsidiff.checkpoints.published";
        public static final String ROUNDS_EVALUATED = "rsidiff.rounds.evaluated";

        private Names() {
        }
    }

    private Topics() {
    }

    /** Every topic, in pipeline order. */
    public static List<Topic<String, ?>> all() {
        return ALL;
    }

    /** Every event type, one per topic. */
    public static List<Class<?>> eventTypes() {
        return ALL.stream().<Class<?>>map(Topic::valueType).toList();
    }
}
