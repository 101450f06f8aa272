package dev.rsidiff.scorers.drift;

import dev.rsidiff.engine.ckpt.Checkpoint;
import dev.rsidiff.engine.ckpt.CheckpointIO;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.train.DiffusionTrainer;
import dev.rsidiff.engine.train.FineTuner;
import dev.rsidiff.engine.train.TrainerSettings;
import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScoringInput;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a scorer can be pushed up by drifting: the base model is fine-tuned naively on its own unfiltered
 * samples (every sample weight 1, a high learning rate, several rounds: the self-consuming loop the papers warn
 * about, which drifts away from what the world's images look like), and the scorer judges the same prompts and
 * seeds before and after. A scorer that the loop could game rises; one that sees drift as damage falls.
 */
public final class DriftCheck {

    /**
     * @param prompts      prompts per round (full captions of random scenes)
     * @param rounds       naive self-training rounds
     * @param epochs       epochs per round
     * @param learningRate fine-tuning learning rate
     * @param seed         seed of the prompts, the sampling noise and the training draws
     */
    public record Settings(int prompts, int rounds, int epochs, double learningRate, long seed) {
        public static Settings defaults() {
            return new Settings(128, 3, 8, 1e-3, 31_000);
        }
    }

    /**
     * @param driftedId     the drifted checkpoint's id
     * @param before        mean score of the base model's samples
     * @param after         mean score of the drifted model's samples (same prompts and seeds)
     * @param shareHigher   share of prompt/seed pairs whose drifted sample scores higher
     */
    public record Result(String driftedId, double before, double after, double shareHigher) {
    }

    private DriftCheck() {
    }

    /** Drifts {@code base}, writes the drifted checkpoint to {@code drifted}, and compares {@code scorer}'s scores. */
    public static Result run(Checkpoint base, ImageScorer scorer, Settings s, OutputStream drifted) throws IOException {
        SceneSampler scenes = new SceneSampler(s.seed());
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < s.prompts(); i++) {
            prompts.add(Captioner.full(scenes.next()));
        }
        long[] seeds = new long[prompts.size()];
        Arrays.setAll(seeds, i -> s.seed() + i);
        SamplerSettings sampling = SamplerSettings.defaults();
        try (DiffusionModel model = base.toModel()) {
            DdimSampler sampler = new DdimSampler(model);
            SampleResult first = sampler.sample(prompts, seeds, sampling);
            SampleResult current = first;
            for (int round = 0; round < s.rounds(); round++) {
                List<FineTuner.Sample> samples = new ArrayList<>();
                int per = current.pixels().length / prompts.size();
                for (int i = 0; i < prompts.size(); i++) {
                    samples.add(new FineTuner.Sample(Arrays.copyOfRange(current.pixels(), i * per, (i + 1) * per),
                            prompts.get(i), 1.0));
                }
                TrainerSettings training = new TrainerSettings(s.learningRate(), 1e-4, 1.0, 0.0, 0.0, 0.0, 32,
                        s.seed() + round, false);
                try (DiffusionTrainer trainer = new DiffusionTrainer(model, training)) {
                    FineTuner.run(model, trainer, samples, s.epochs());
                }
                long offset = 1_000L * (round + 1);
                long[] roundSeeds = Arrays.stream(seeds).map(x -> x + offset).toArray();
                current = sampler.sample(prompts, roundSeeds, sampling);
            }
            String id = CheckpointIO.write(model, null, base.header().id(), "drifted by naive self-training: " + s,
                    drifted).id();
            SampleResult last = sampler.sample(prompts, seeds, sampling);
            double[] a = scorer.score(ScoringInput.batch(first.pixels(), first.imageSize(), prompts));
            double[] b = scorer.score(ScoringInput.batch(last.pixels(), last.imageSize(), prompts));
            int higher = 0;
            for (int i = 0; i < a.length; i++) {
                higher += b[i] > a[i] ? 1 : 0;
            }
            return new Result(id, Arrays.stream(a).average().orElseThrow(), Arrays.stream(b).average().orElseThrow(),
                    (double) higher / a.length);
        }
    }
}
