package dev.rsidiff.scorers.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.train.SupervisedLoop;
import dev.rsidiff.scorers.ScoringInput;
import dev.rsidiff.scorers.data.PairBatch;
import dev.rsidiff.scorers.data.PairSource;
import dev.rsidiff.scorers.model.AestheticModel;
import dev.rsidiff.scorers.model.AlignmentModel;
import dev.rsidiff.scorers.model.ScorerModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Training loops of the scorers, and the validation figures their tests and README report. */
public final class ScorerTraining {

    private static final int SIZE = ScorerModel.IMAGE_SIZE;
    private static final float TEMPERATURE = 0.07f;

    private ScorerTraining() {
    }

    /**
     * Contrastive (InfoNCE) training with one-attribute-changed captions as extra negatives; {@code batches} gives
     * a batch of images with their captions and mismatched captions for a size.
     */
    public static void trainAlignment(AlignmentModel model, IntFunction<PairSource.CaptionBatch> batches, int steps,
                                      int batch, double lr) {
        SupervisedLoop.run(model.name(), model.params(), steps, lr, step -> {
            PairSource.CaptionBatch b = batches.apply(batch);
            List<String> texts = new ArrayList<>(b.captions());
            texts.addAll(b.mismatched());
            return (m) -> {
                NDArray img = model.imageEmbeddings(images(m, b.pixels(), batch));
                NDArray txt = model.textEmbeddings(m, texts);
                NDArray logits = Ops.div(img.matMul(txt.transpose()), TEMPERATURE);
                NDArray target = m.eye(batch, 2 * batch, 0, ai.djl.ndarray.types.DataType.FLOAT32);
                NDArray imageToText = logits.logSoftmax(1).mul(target).sum(new int[]{1}).neg().mean();
                NDArray textToImage = logits.get(":, :" + batch).logSoftmax(0)
                        .mul(m.eye(batch, batch, 0, ai.djl.ndarray.types.DataType.FLOAT32)).sum(new int[]{0}).neg().mean();
                return Ops.mul(imageToText.add(textToImage), 0.5f);
            };
        });
    }

    /**
     * Symmetric InfoNCE over scene pairs one attribute apart ({@link PairSource#scenePairs}): 2B images and their 2B
     * captions, the i-th caption matching only the i-th image. Each image's caption competes with its variant's, and
     * each caption's image with its variant, the per-prompt ranking of images that preference sampling asks of the
     * scorer.
     */
    public static void trainAlignmentOnPairs(AlignmentModel model, IntFunction<PairSource.CaptionBatch> pairs,
                                             int steps, int batch, double lr) {
        SupervisedLoop.run(model.name(), model.params(), steps, lr, step -> {
            PairSource.CaptionBatch b = pairs.apply(batch);
            int n = 2 * batch;
            return (m) -> {
                NDArray img = model.imageEmbeddings(images(m, b.pixels(), n));
                NDArray txt = model.textEmbeddings(m, b.captions());
                NDArray logits = Ops.div(img.matMul(txt.transpose()), TEMPERATURE);
                NDArray eye = m.eye(n, n, 0, ai.djl.ndarray.types.DataType.FLOAT32);
                NDArray imageToText = logits.logSoftmax(1).mul(eye).sum(new int[]{1}).neg().mean();
                NDArray textToImage = logits.logSoftmax(0).mul(eye).sum(new int[]{0}).neg().mean();
                return Ops.mul(imageToText.add(textToImage), 0.5f);
            };
        });
    }

    /** Bradley-Terry training on pairs: loss = -log sigmoid(s(better) - s(worse)). */
    public static void trainPairwise(ScorerModel model, IntFunction<PairBatch> pairs, int steps, double lr) {
        SupervisedLoop.run(model.name(), model.params(), steps, lr, step -> {
            PairBatch b = pairs.apply(step);
            return (m) -> {
                NDArray better = model.scores(m, images(m, b.better(), b.size()), b.prompts());
                NDArray worse = model.scores(m, images(m, b.worse(), b.size()), b.prompts());
                return Activation.softPlus(worse.sub(better)).mean();
            };
        });
    }

    /**
     * The aesthetic scorer's training: the Bradley-Terry ranking loss on log-odds plus a logistic loss that calls
     * the clean image clean and the degraded one degraded, so the bounded score is a calibrated probability.
     */
    public static void trainAesthetic(AestheticModel model, IntFunction<PairBatch> pairs, int steps, double lr) {
        SupervisedLoop.run(model.name(), model.params(), steps, lr, step -> {
            PairBatch b = pairs.apply(step);
            return (m) -> {
                NDArray better = model.logits(images(m, b.better(), b.size()));
                NDArray worse = model.logits(images(m, b.worse(), b.size()));
                NDArray ranking = Activation.softPlus(worse.sub(better)).mean();
                NDArray calibration = Activation.softPlus(better.neg()).mean().add(Activation.softPlus(worse).mean());
                return ranking.add(Ops.mul(calibration, 0.5f));
            };
        });
    }

    /**
     * Copies every tensor of the trained weights of scorer {@code source}, read from {@code weights} (the file
     * {@code scorers train} just wrote, not the copy packed into this jar when it was built), whose name and shape
     * the model shares; returns how many.
     */
    public static int initialiseFrom(ScorerModel model, ScorerModel source, java.nio.file.Path weights)
            throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(weights)) {
            dev.rsidiff.engine.nn.ParamsIO.read(in, source.params(), source.name() + " weights " + weights);
        }
        int copied = 0;
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, NDArray> e : source.params().all().entrySet()) {
                NDArray target = model.params().all().get(e.getKey());
                if (target != null && target.getShape().equals(e.getValue().getShape())) {
                    target.set(e.getValue().toFloatArray());
                    copied++;
                }
            }
        }
        return copied;
    }

    /** Share of pairs the model ranks correctly, overall and by kind. */
    public static Map<String, Double> pairAccuracy(ScorerModel model, PairBatch pairs) {
        double[] better = model.score(inputs(pairs.better(), pairs.prompts()));
        double[] worse = model.score(inputs(pairs.worse(), pairs.prompts()));
        return sharesAbove(better, worse, i -> {
            String kind = pairs.kinds().get(i);
            return List.of("all", kind.substring(0, kind.indexOf('/')), kind);
        });
    }

    /**
     * Share of images whose own caption scores above the one-attribute-changed caption: "all", then by kind of
     * image ("render", "model").
     */
    public static Map<String, Double> captionAccuracy(AlignmentModel model, PairSource.CaptionBatch batch) {
        double[] match = model.score(inputs(batch.pixels(), batch.captions()));
        double[] mismatch = model.score(inputs(batch.pixels(), batch.mismatched()));
        return sharesAbove(match, mismatch, i -> List.of("all", batch.kinds().get(i)));
    }

    /**
     * Share of scene pairs ({@link PairSource#scenePairs}) in which, for a scene's caption, the scorer ranks the
     * scene's image above the image of its one-attribute variant (the per-prompt choice preference sampling makes):
     * "all", then by kind ("render", "softened").
     */
    public static Map<String, Double> imageRankingAccuracy(AlignmentModel model, PairSource.CaptionBatch pairs) {
        int n = pairs.captions().size() / 2;
        int per = 3 * SIZE * SIZE;
        float[] scenes = java.util.Arrays.copyOfRange(pairs.pixels(), 0, n * per);
        float[] variants = java.util.Arrays.copyOfRange(pairs.pixels(), n * per, 2 * n * per);
        List<String> captions = pairs.captions().subList(0, n);
        double[] right = model.score(inputs(scenes, captions));
        double[] wrong = model.score(inputs(variants, captions));
        return sharesAbove(right, wrong, i -> List.of("all", pairs.kinds().get(i)));
    }

    /** For each key, the share of the items {@code i} it covers with {@code high[i] > low[i]}, keys in first-seen order. */
    private static Map<String, Double> sharesAbove(double[] high, double[] low, IntFunction<List<String>> keys) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (int i = 0; i < high.length; i++) {
            for (String key : keys.apply(i)) {
                int[] c = counts.computeIfAbsent(key, k -> new int[2]);
                c[0] += high[i] > low[i] ? 1 : 0;
                c[1]++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> out.put(k, (double) c[0] / c[1]));
        return out;
    }

    public static List<ScoringInput> inputs(float[] pixels, List<String> prompts) {
        return ScoringInput.batch(pixels, SIZE, prompts);
    }

    private static NDArray images(NDManager m, float[] pixels, int count) {
        return m.create(pixels, new Shape(count, 3, SIZE, SIZE));
    }
}
