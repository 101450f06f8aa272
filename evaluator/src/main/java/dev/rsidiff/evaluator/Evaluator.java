package dev.rsidiff.evaluator;

import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneObject;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.evaluator.metrics.CollapseSymptoms;
import dev.rsidiff.evaluator.metrics.FeatureDistances;
import dev.rsidiff.evaluator.metrics.FrechetDistance;
import dev.rsidiff.evaluator.metrics.KernelDistance;
import dev.rsidiff.scorers.ImageScorer;
import dev.rsidiff.scorers.ScoringInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a checkpoint on the held-out prompts with the independent attribute classifier (faithfulness, fidelity,
 * diversity), pixel statistics (collapse symptoms) and the mean of each preference scorer. Fresh renders of the
 * same prompts are the reference.
 */
public final class Evaluator {

    /**
     * The version of the metrics' definitions. Stored evaluations are reused under the same version only (a
     * checkpoint's evaluation with the same settings is deterministic), so a change to what any metric computes, or
     * a new metric, must raise it.
     */
    public static final int METRICS_VERSION = 1;

    /**
     * @param prompts         held-out prompts to use
     * @param imagesPerPrompt images per prompt
     * @param sampling        sampler settings
     * @param seed            seed of the sampling noise and of the reference renders
     */
    public record Settings(int prompts, int imagesPerPrompt, SamplerSettings sampling, long seed) {
        public static Settings defaults() {
            return new Settings(100, 4, SamplerSettings.defaults().withBatchSize(SAMPLING_BATCH), 2026);
        }

        /** These settings (sampler, seed) for {@code prompts} prompts of {@code imagesPerPrompt} images each. */
        public Settings withCounts(int prompts, int imagesPerPrompt) {
            return new Settings(prompts, imagesPerPrompt, sampling, seed);
        }

        /** These settings with sampling batches of {@code n} images ({@link #SAMPLING_BATCH} says what it changes). */
        public Settings withSamplingBatch(int n) {
            return new Settings(prompts, imagesPerPrompt, sampling.withBatchSize(n), seed);
        }
    }

    /**
     * Images per sampling batch of an evaluation. It bounds the evaluation's memory, not its figures: {@code rsi eval}
     * of G0 printed the same metrics, bit for bit, at 20, 32 and 64 on 2 cores, and peaked at 843-859 MiB resident
     * with batches of 20 against 1,073-1,197 MiB with 64, in the same time (README, Performance). The batch stays in
     * a stored evaluation's fingerprint all the same, since other kernels (a GPU's) may round differently by batch.
     * 20 divides the default 400 held-out and 100 validation images, so no batch is padded.
     */
    public static final int SAMPLING_BATCH = 20;

    private final AttributeClassifier classifier;
    private final List<ImageScorer> scorers;
    private final BatchWorkers workers;

    public Evaluator(AttributeClassifier classifier, List<ImageScorer> scorers) {
        this(classifier, scorers, BatchWorkers.INLINE);
    }

    /** @param workers the threads that draw the evaluation's sampling batches side by side (the caller closes them) */
    public Evaluator(AttributeClassifier classifier, List<ImageScorer> scorers, BatchWorkers workers) {
        this.classifier = classifier;
        this.scorers = List.copyOf(scorers);
        this.workers = workers;
    }

    /** Evaluates on the held-out prompts. */
    public EvaluationReport evaluate(DiffusionModel model, String checkpointId, Settings s) {
        return evaluate(model, checkpointId, s, HeldOutPrompts.scenes(s.prompts()));
    }

    /** Evaluates on the given single-object scenes' full captions ({@link ValidationPrompts}, for instance). */
    public EvaluationReport evaluate(DiffusionModel model, String checkpointId, Settings s, List<Scene> scenes) {
        long t0 = System.nanoTime();
        int size = model.config().imageSize();
        if (size != AttributeClassifier.SIZE) {
            throw new IllegalArgumentException("The evaluator judges " + AttributeClassifier.SIZE + "x"
                    + AttributeClassifier.SIZE + " images; this model makes " + size + "x" + size);
        }
        int k = s.imagesPerPrompt();
        int n = scenes.size() * k;
        List<String> prompts = new ArrayList<>(n);
        long[] seeds = new long[n];
        float[] reference = new float[n * 3 * size * size];
        SceneSampler jitter = new SceneSampler(s.seed());
        SceneRenderer renderer = new SceneRenderer(size);
        for (int p = 0; p < scenes.size(); p++) {
            Scene scene = scenes.get(p);
            SceneObject o = scene.primary();
            for (int j = 0; j < k; j++) {
                int i = p * k + j;
                prompts.add(Captioner.full(scene));
                seeds[i] = s.seed() * 1_000_003L + i;
                Scene fresh = jitter.with(scene.background(), o.shape(), o.colour(), o.size(), o.region());
                Images.toChw(renderer.render(fresh), reference, i * 3 * size * size);
            }
        }
        SampleResult generated = new DdimSampler(model, workers).sample(prompts, seeds, s.sampling());
        float[] pixels = generated.pixels();
        AttributeClassifier.Reading gen = classifier.read(pixels, n);
        AttributeClassifier.Reading ref = classifier.read(reference, n);

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.putAll(TextFaithfulness.of(prompts, gen.attributes(), "faithfulness"));
        metrics.put("faithfulness.reference", TextFaithfulness.of(prompts, ref.attributes(), "f").get("f"));
        metrics.put("fidelity.frechet", FrechetDistance.between(gen.features(), ref.features()));
        metrics.put("fidelity.frechet_standardised", KernelDistance.standardisedFrechet(gen.features(), ref.features()));
        metrics.put("fidelity.kid", KernelDistance.kid(gen.features(), ref.features()));
        double perSample = 0;
        double diversity = 0;
        double referenceDiversity = 0;
        for (int p = 0; p < scenes.size(); p++) {
            float[][] g = java.util.Arrays.copyOfRange(gen.features(), p * k, (p + 1) * k);
            float[][] r = java.util.Arrays.copyOfRange(ref.features(), p * k, (p + 1) * k);
            double[] centre = centroid(r);
            for (float[] f : g) {
                perSample += distanceTo(f, centre) / n;
            }
            diversity += FeatureDistances.meanPairwise(g) / scenes.size();
            referenceDiversity += FeatureDistances.meanPairwise(r) / scenes.size();
        }
        metrics.put("fidelity.sample_distance", perSample);
        if (k >= 2) { // diversity is the spread among one prompt's images: undefined with one image per prompt
            metrics.put("diversity", diversity);
            metrics.put("diversity.reference", referenceDiversity);
        }
        metrics.put("collapse.spread", CollapseSymptoms.spread(pixels));
        metrics.put("collapse.spread.reference", CollapseSymptoms.spread(reference));
        metrics.put("collapse.tails", CollapseSymptoms.tails(pixels));
        metrics.put("collapse.tails.reference", CollapseSymptoms.tails(reference));
        metrics.put("collapse.spectrum_distance", CollapseSymptoms.spectrumDistance(
                CollapseSymptoms.radialSpectrum(pixels, n, size), CollapseSymptoms.radialSpectrum(reference, n, size)));
        Map<String, String> versions = new LinkedHashMap<>();
        List<ScoringInput> inputs = ScoringInput.batch(pixels, size, prompts);
        for (ImageScorer scorer : scorers) {
            metrics.put("scorer." + scorer.name(), java.util.Arrays.stream(scorer.score(inputs)).average().orElse(Double.NaN));
            versions.put(scorer.name(), scorer.version());
        }
        return new EvaluationReport(checkpointId, scenes.size(), k, metrics, classifier.version(), versions,
                (System.nanoTime() - t0) / 1e9);
    }

    private static double[] centroid(float[][] rows) {
        double[] c = new double[rows[0].length];
        for (float[] r : rows) {
            for (int i = 0; i < c.length; i++) {
                c[i] += r[i] / (double) rows.length;
            }
        }
        return c;
    }

    private static double distanceTo(float[] f, double[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            s += (f[i] - c[i]) * (f[i] - c[i]);
        }
        return Math.sqrt(s);
    }
}
