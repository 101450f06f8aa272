package dev.rsidiff.evaluator.ceiling;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.cli.BasePretraining;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.world.HeldOutSplit;
import dev.rsidiff.engine.world.SceneCaptions;
import dev.rsidiff.engine.world.TrainingScenes;
import dev.rsidiff.evaluator.EvaluationReport;
import dev.rsidiff.evaluator.Evaluator;
import dev.rsidiff.evaluator.Intervals;

import java.util.List;

/**
 * The capacity check: what supervised data can teach the base model, i.e. the most the loop could hope for. It
 * fine-tunes the base, as the loop does (the denoiser; the text encoder stays frozen), on ground-truth renders
 * with full, correct captions of scenes outside the held-out split, for a fixed budget, and evaluates the result
 * on the held-out prompts. If region and shape do not pass the bar here, no selection rule can get the loop there.
 */
public final class CapacityCheck {

    /** The attributes the loop is meant to improve, judged against {@link Settings#bar()}. */
    public static final List<String> JUDGED = List.of("faithfulness.region", "faithfulness.shape");

    /**
     * @param steps        optimizer steps of fine-tuning
     * @param batchSize    renders per step
     * @param learningRate AdamW learning rate (after a 100-step warm-up)
     * @param seed         seed of the scenes and of every training draw
     * @param bar          accuracy each judged attribute must reach
     */
    public record Settings(int steps, int batchSize, double learningRate, long seed, double bar) {
        public static Settings defaults() {
            return new Settings(1500, 64, 3e-4, 31, 0.85);
        }
    }

    /**
     * One judged attribute's figure with its 95% Wilson interval over the evaluated images.
     *
     * @param metric   metric name
     * @param base     the base model's value
     * @param tuned    the fine-tuned model's value
     * @param low      lower end of the tuned value's interval
     * @param high     upper end
     * @param passed   whether the tuned value reaches the bar
     */
    public record Figure(String metric, double base, double tuned, double low, double high, boolean passed) {
    }

    /** What the check measured. */
    public record Result(String baseId, EvaluationReport before, EvaluationReport after, List<Figure> judged,
                         double trainingSeconds, long skippedSteps) {
        public boolean passed() {
            return judged.stream().allMatch(Figure::passed);
        }
    }

    private CapacityCheck() {
    }

    public static Result run(Checkpoint base, Settings s, Evaluator evaluator, Evaluator.Settings evaluation) {
        String id = base.header().id();
        try (DiffusionModel model = base.toModel()) {
            EvaluationReport before = evaluator.evaluate(model, id, evaluation);
            TrainingScenes truth = new TrainingScenes(s.seed(), model.config().imageSize(), SceneCaptions.full(),
                    scene -> !HeldOutSplit.isHeldOut(scene));
            TrainerSettings training = new TrainerSettings(s.learningRate(), 1e-4, 1.0, 0.1, 5.0, 0.999,
                    s.batchSize(), s.seed(), false, 100);
            long t0 = System.nanoTime();
            long[] skipped = new long[1];
            BasePretraining.trainDiffusion(model, truth, s.steps(), training, "capacity check", trainer -> {
                skipped[0] = trainer.skippedSteps();
                trainer.applyEma();
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            EvaluationReport after = evaluator.evaluate(model, id + "+ground-truth", evaluation);
            int n = after.prompts() * after.imagesPerPrompt();
            List<Figure> judged = JUDGED.stream().map(metric -> {
                double tuned = after.metrics().get(metric);
                double[] ci = Intervals.wilson95((int) Math.round(tuned * n), n);
                return new Figure(metric, before.metrics().get(metric), tuned, ci[0], ci[1], tuned >= s.bar());
            }).toList();
            return new Result(id, before, after, judged, seconds, skipped[0]);
        }
    }
}
