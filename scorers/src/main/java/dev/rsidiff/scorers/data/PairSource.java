package dev.rsidiff.scorers.data;

import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.Colour;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.engine.world.Specificity;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded streams of training and validation data for the scorers.
 * <ul>
 *   <li>aesthetic: a clean image above its degraded copy, for renders and for base-model samples;</li>
 *   <li>preference: for a prompt, its faithful clean render above a render of a scene with one attribute changed,
 *   above a degraded render, and a base-model sample above its degraded copy;</li>
 *   <li>alignment: scene pairs one attribute apart, each image with the caption that tells it from the other, half
 *   of them softened to look like model samples ({@link #scenePairs}, the shipped recipe); earlier, renders with their
 *   full caption and a one-attribute-changed full caption ({@link #captions}).</li>
 * </ul>
 * Held-out measurement only (not training, see scorers/README.md for why): {@link #hardCaptions} and
 * {@link #redrawnMismatches}, hard negatives for every attribute at every caption level the prompt pool admits, on
 * renders and on base-model samples of known content ({@link ModelSamples#redrawnPairs}).
 */
public final class PairSource {

    private static final int SIZE = 32;

    private final SceneSampler scenes;
    private final SplittableRandom random;
    private final SceneRenderer renderer = new SceneRenderer(SIZE);
    private final ModelSamples modelSamples;
    private final ModelSamples redrawn;

    /** @param modelSamples base-model samples to draw model pairs from (may be null: renders only) */
    public PairSource(long seed, ModelSamples modelSamples) {
        this(seed, modelSamples, null);
    }

    /** @param redrawn G0-redrawn scene pairs ({@link ModelSamples#redrawnPairs}) for the held-out hard negatives */
    public PairSource(long seed, ModelSamples modelSamples, ModelSamples redrawn) {
        this.scenes = new SceneSampler(seed);
        this.random = new SplittableRandom(seed * 7 + 1);
        this.modelSamples = modelSamples;
        this.redrawn = redrawn;
    }

    public PairBatch aesthetic(int count, double modelShare) {
        return build(count, () -> {
            if (modelSamples != null && random.nextDouble() < modelShare) {
                int i = random.nextInt(modelSamples.prompts().size());
                float[] clean = modelSamples.image(i);
                Degradation d = pick();
                return new Pair(clean, d.apply(clean, SIZE, random), modelSamples.prompts().get(i), "model/" + d);
            }
            Scene scene = SceneVariants.single(scenes.next());
            float[] clean = render(scene);
            String prompt = Captioner.full(scene);
            if (random.nextInt(7) == 0) {
                return new Pair(clean, blank(scene.background()), prompt, "render/MISSING_OBJECT");
            }
            Degradation d = pick();
            return new Pair(clean, d.apply(clean, SIZE, random), prompt, "render/" + d);
        });
    }

    public PairBatch preference(int count, double modelShare) {
        return build(count, () -> {
            if (modelSamples != null && random.nextDouble() < modelShare) {
                int i = random.nextInt(modelSamples.prompts().size());
                float[] sample = modelSamples.image(i);
                Degradation d = pick();
                return new Pair(sample, d.apply(sample, SIZE, random), modelSamples.prompts().get(i), "model/" + d);
            }
            Scene scene = SceneVariants.single(scenes.next());
            float[] faithful = render(scene);
            String prompt = Captioner.full(scene);
            if (random.nextDouble() < 0.55) {
                return new Pair(faithful, render(SceneVariants.oneAttributeChanged(scene, random)), prompt, "render/MISMATCH");
            }
            Degradation d = pick();
            return new Pair(faithful, d.apply(faithful, SIZE, random), prompt, "render/" + d);
        });
    }

    private record Pair(float[] better, float[] worse, String prompt, String kind) {
    }

    private PairBatch build(int count, java.util.function.Supplier<Pair> next) {
        int per = 3 * SIZE * SIZE;
        float[] better = new float[count * per];
        float[] worse = new float[count * per];
        List<String> prompts = new ArrayList<>(count);
        List<String> kinds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Pair p = next.get();
            System.arraycopy(p.better(), 0, better, i * per, per);
            System.arraycopy(p.worse(), 0, worse, i * per, per);
            prompts.add(p.prompt());
            kinds.add(p.kind());
        }
        return new PairBatch(better, worse, prompts, kinds);
    }

    private Degradation pick() {
        return Degradation.values()[random.nextInt(Degradation.values().length)];
    }

    private float[] render(Scene scene) {
        return Images.toChw(renderer.render(scene));
    }

    private static float[] blank(Colour background) {
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(background.awt());
        g.fillRect(0, 0, SIZE, SIZE);
        g.dispose();
        return Images.toChw(image);
    }

    /**
     * Images with a caption and a one-attribute-changed caption for each (alignment).
     *
     * @param kinds "render" or "model" per image
     */
    public record CaptionBatch(float[] pixels, List<String> captions, List<String> mismatched, List<String> kinds) {
    }

    public CaptionBatch captions(int count) {
        int per = 3 * SIZE * SIZE;
        float[] pixels = new float[count * per];
        List<String> captions = new ArrayList<>(count);
        List<String> mismatched = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Scene scene = SceneVariants.single(scenes.next());
            System.arraycopy(render(scene), 0, pixels, i * per, per);
            captions.add(Captioner.caption(scene, Specificity.FULL, random));
            mismatched.add(Captioner.caption(SceneVariants.oneAttributeChanged(scene, random), Specificity.FULL, random));
        }
        return new CaptionBatch(pixels, captions, mismatched, java.util.Collections.nCopies(count, "render"));
    }

    /**
     * Scene pairs one attribute apart, both rendered, each with its caption at one level that tells them apart
     * ({@link Specificity#FULL} with probability {@code fullShare}): a batch of 2 x {@code count} images whose i-th
     * caption matches only the i-th image, so a contrastive loss ranks images for a caption as preference sampling
     * does, against an image that differs from the right one in one attribute. The changed attribute is the shape with probability
     * {@code shapeShare}, else any of the five; {@code softShare} of the pairs are softened alike by
     * {@link ModelLikeSoftening}.
     *
     * @return images: the scenes, then their variants; captions in the same order; kinds "render" or "softened"
     */
    public CaptionBatch scenePairs(int count, double softShare, double shapeShare, double fullShare) {
        return scenePairs(count, softShare, shapeShare, 0, fullShare);
    }

    /**
     * {@link #scenePairs(int, double, double, double)} where {@code lookalikeShare} of the shape changes go to the
     * shape that looks most like the scene's once softened ({@link SceneVariants#lookalikeShapeChanged}) instead of
     * any other; at 0 the pairs are the same, draw for draw.
     */
    public CaptionBatch scenePairs(int count, double softShare, double shapeShare, double lookalikeShare,
                                   double fullShare) {
        int per = 3 * SIZE * SIZE;
        float[] pixels = new float[2 * count * per];
        String[] captions = new String[2 * count];
        String[] kinds = new String[2 * count];
        for (int i = 0; i < count; i++) {
            Scene scene = SceneVariants.single(scenes.next());
            Scene other;
            if (random.nextDouble() < shapeShare) {
                other = lookalikeShare > 0 && random.nextDouble() < lookalikeShare
                        ? SceneVariants.lookalikeShapeChanged(scene, renderer) : SceneVariants.shapeChanged(scene, random);
            } else {
                other = SceneVariants.oneAttributeChanged(scene, random);
            }
            Specificity level = random.nextDouble() < fullShare ? Specificity.FULL
                    : SceneVariants.levelTellingApart(scene, other, random);
            boolean soft = random.nextDouble() < softShare;
            long softening = random.nextLong();
            for (int v = 0; v < 2; v++) {
                Scene s = v == 0 ? scene : other;
                float[] image = render(s);
                if (soft) {
                    image = ModelLikeSoftening.apply(image, SIZE, s.background(), s.primary().colour(),
                            new SplittableRandom(softening));
                }
                int at = v * count + i;
                System.arraycopy(image, 0, pixels, at * per, per);
                captions[at] = Captioner.caption(s, level, random);
                kinds[at] = soft ? "softened" : "render";
            }
        }
        List<String> texts = List.of(captions);
        return new CaptionBatch(pixels, texts, texts, List.of(kinds));
    }

    /**
     * Hard negatives (held-out measurement): an image's caption at a level the prompt pool admits against the
     * caption of the same scene with one attribute changed among those the level names; a share of the images are
     * G0-redrawn samples of known content, the rest renders.
     */
    public CaptionBatch hardCaptions(int count, double modelShare) {
        int per = 3 * SIZE * SIZE;
        float[] pixels = new float[count * per];
        List<String> captions = new ArrayList<>(count);
        List<String> mismatched = new ArrayList<>(count);
        List<String> kinds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Scene scene;
            Scene other;
            if (redrawn != null && random.nextDouble() < modelShare) {
                RedrawnPick pick = pickRedrawn();
                scene = redrawn.scenes().get(pick.index());
                other = redrawn.scenes().get(pick.other());
                System.arraycopy(redrawn.image(pick.index()), 0, pixels, i * per, per);
                kinds.add("model");
            } else {
                scene = SceneVariants.single(scenes.next());
                other = SceneVariants.oneAttributeChanged(scene, random);
                System.arraycopy(render(scene), 0, pixels, i * per, per);
                kinds.add("render");
            }
            Specificity level = SceneVariants.levelTellingApart(scene, other, random);
            captions.add(Captioner.caption(scene, level, random));
            mismatched.add(Captioner.caption(other, level, random));
        }
        return new CaptionBatch(pixels, captions, mismatched, kinds);
    }

    /**
     * Preference pairs of G0-redrawn samples one attribute apart (held-out measurement): for the caption of one at a
     * level that names the changed attribute, that sample above the other. Needs redrawn pairs.
     */
    public PairBatch redrawnMismatches(int count) {
        if (redrawn == null) {
            throw new IllegalStateException("This pair source has no G0-redrawn pairs");
        }
        return build(count, () -> {
            RedrawnPick pick = pickRedrawn();
            Scene scene = redrawn.scenes().get(pick.index());
            Scene other = redrawn.scenes().get(pick.other());
            String prompt = Captioner.caption(scene, SceneVariants.levelTellingApart(scene, other, random), random);
            return new Pair(redrawn.image(pick.index()), redrawn.image(pick.other()), prompt, "model/MISMATCH");
        });
    }

    /** One sample of a random redrawn pair and its partner (entries 2k and 2k + 1 of the pairs). */
    private record RedrawnPick(int index, int other) {
    }

    private RedrawnPick pickRedrawn() {
        int k = random.nextInt(redrawn.prompts().size() / 2);
        int v = random.nextInt(2);
        return new RedrawnPick(2 * k + v, 2 * k + 1 - v);
    }
}
