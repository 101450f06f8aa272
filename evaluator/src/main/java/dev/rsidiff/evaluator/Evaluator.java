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

        // What follows the sampling is a set of computations that do not depend on one another, each done as it
        // would be alone (so the figures do not depend on the workers): they run on the sampling workers, side by
        // side, in two waves. On one thread they took 2.7 s after 12.9 s of sampling (rsi eval, 100 x 4 images), all
        // of it on one core in a run's last evaluation, whose sampling has both.
        AttributeClassifier.Reading[] readings = new AttributeClassifier.Reading[2];
        Map<String, Double> collapse = new LinkedHashMap<>();
        double[] scorerMeans = new double[scorers.size()];
        List<ScoringInput> inputs = ScoringInput.batch(pixels, size, prompts);
        List<Runnable> firstWave = new ArrayList<>();
        firstWave.add(() -> readings[0] = classifier.read(pixels, n));
        firstWave.add(() -> readings[1] = classifier.read(reference, n));
        firstWave.add(() -> collapse.putAll(collapseSymptoms(pixels, reference, n, size)));
        for (int i = 0; i < scorers.size(); i++) {
            int at = i;
            firstWave.add(() -> scorerMeans[at] = java.util.Arrays.stream(scorers.get(at).score(inputs)).average()
                    .orElse(Double.NaN));
        }
        workers.run(firstWave);
        AttributeClassifier.Reading gen = readings[0];
        AttributeClassifier.Reading ref = readings[1];
        double[] fidelity = new double[3];
        Map<String, Double> distances = new LinkedHashMap<>();
        workers.run(List.of(
                () -> fidelity[0] = FrechetDistance.between(gen.features(), ref.features()),
                () -> fidelity[1] = KernelDistance.standardisedFrechet(gen.features(), ref.features()),
                () -> fidelity[2] = KernelDistance.kid(gen.features(), ref.features()),
                () -> distances.putAll(distances(gen, ref, scenes.size(), k))));

        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.putAll(TextFaithfulness.of(prompts, gen.attributes(), "faithfulness"));
        metrics.put("faithfulness.reference", TextFaithfulness.of(prompts, ref.attributes(), "f").get("f"));
        metrics.put("fidelity.frechet", fidelity[0]);
        metrics.put("fidelity.frechet_standardised", fidelity[1]);
        metrics.put("fidelity.kid", fidelity[2]);
        metrics.putAll(distances);
        metrics.putAll(collapse);
        Map<String, String> versions = new LinkedHashMap<>();
        for (int i = 0; i < scorers.size(); i++) {
            metrics.put("scorer." + scorers.get(i).name(), scorerMeans[i]);
            versions.put(scorers.get(i).name(), scorers.get(i).version());
        }
        return new EvaluationReport(checkpointId, scenes.size(), k, metrics, classifier.version(), versions,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Each image's distance to its prompt's reference centroid, and the spread among one prompt's images. */
    private static Map<String, Double> distances(AttributeClassifier.Reading gen, AttributeClassifier.Reading ref,
                                                 int prompts, int k) {
        int n = prompts * k;
        double perSample = 0;
        double diversity = 0;
        double referenceDiversity = 0;
        for (int p = 0; p < prompts; p++) {
            float[][] g = java.util.Arrays.copyOfRange(gen.features(), p * k, (p + 1) * k);
            float[][] r = java.util.Arrays.copyOfRange(ref.features(), p * k, (p + 1) * k);
            double[] centre = centroid(r);
            for (float[] f : g) {
                perSample += distanceTo(f, centre) / n;
            }
            diversity += FeatureDistances.meanPairwise(g) / prompts;
            referenceDiversity += FeatureDistances.meanPairwise(r) / prompts;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("fidelity.sample_distance", perSample);
        if (k >= 2) { // diversity is the spread among one prompt's images: undefined with one image per prompt
            out.put("diversity", diversity);
            out.put("diversity.reference", referenceDiversity);
        }
        return out;
    }

    private static Map<String, Double> collapseSymptoms(float[] pixels, float[] reference, int n, int size) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("collapse.spread", CollapseSymptoms.spread(pixels));
        out.put("collapse.spread.reference", CollapseSymptoms.spread(reference));
        out.put("collapse.tails", CollapseSymptoms.tails(pixels));
        out.put("collapse.tails.reference", CollapseSymptoms.tails(reference));
        out.put("collapse.spectrum_distance", CollapseSymptoms.spectrumDistance(
                CollapseSymptoms.radialSpectrum(pixels, n, size), CollapseSymptoms.radialSpectrum(reference, n, size)));
        return out;
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
