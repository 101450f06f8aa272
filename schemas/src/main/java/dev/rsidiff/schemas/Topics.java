package dev.rsidiff.schemas;

import dev.rsidiff.events.checkpoint.CheckpointPublished;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.prompt.PromptFiltered;
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
            new Topic<>("rsidiff.runs.started", 1, String.class, RunStarted.class);

    /** Written by prompt-service: a round's prompt set and expected counts. Keyed by run id. */
    public static final Topic<String, RoundPlanned> ROUNDS_PLANNED =
            new Topic<>("rsidiff.rounds.planned", 1, String.class, RoundPlanned.class);

    /** Written by prompt-service: one event per prompt of a round. Keyed by prompt id. */
    public static final Topic<String, PromptFiltered> PROMPTS_FILTERED =
            new Topic<>("rsidiff.prompts.filtered", 6, String.class, PromptFiltered.class);

    /** Written by generator-service: one event per generated image. Keyed by image id. */
    public static final Topic<String, ImageGenerated> IMAGES_GENERATED =
            new Topic<>("rsidiff.images.generated", 6, String.class, ImageGenerated.class);

    /** Written by scorer-service: one event per scored image. Keyed by run id, so one weighting instance sees a whole round. */
    public static final Topic<String, ScoresComputed> SCORES_COMPUTED =
            new Topic<>("rsidiff.scores.computed", 6, String.class, ScoresComputed.class);

    /** Written by weighting-service: one event per selected sample. Keyed by run id, so one trainer sees a whole round. */
    public static final Topic<String, WeightsAssigned> WEIGHTS_ASSIGNED =
            new Topic<>("rsidiff.weights.assigned", 3, String.class, WeightsAssigned.class);

    /** Written by trainer-service: a new checkpoint, which starts the next round. Keyed by run id. */
    public static final Topic<String, CheckpointPublished> CHECKPOINTS_PUBLISHED =
            new Topic<>("rsidiff.checkpoints.published", 1, String.class, CheckpointPublished.class);

    /** Written by the evaluator: held-out metrics of a round's checkpoint. Keyed by run id. */
    public static final Topic<String, RoundEvaluated> ROUNDS_EVALUATED =
            new Topic<>("rsidiff.rounds.evaluated", 1, String.class, RoundEvaluated.class);

    private static final List<Topic<String, ?>> ALL = List.of(
            RUNS_STARTED, ROUNDS_PLANNED, PROMPTS_FILTERED, IMAGES_GENERATED,
            SCORES_COMPUTED, WEIGHTS_ASSIGNED, CHECKPOINTS_PUBLISHED, ROUNDS_EVALUATED);

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
