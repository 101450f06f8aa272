package dev.rsidiff.scorers.data;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.train.LatentEncoder;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneSampler;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples of the shipped base model G0 for captions of random scenes, so the scorers learn (and are validated) on
 * the kind of images they will judge, not only on clean renders.
 *
 * @param prompts the prompts, one per image
 * @param scenes  the scene each prompt was written from
 * @param pixels  the samples, CHW floats, image after image
 */
public record ModelSamples(List<String> prompts, List<Scene> scenes, float[] pixels) {

    public static ModelSamples ofBaseModel(int count, long seed) {
        SceneSampler sampler = new SceneSampler(seed);
        List<String> prompts = new ArrayList<>(count);
        List<Scene> scenes = new ArrayList<>(count);
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            Scene scene = SceneVariants.single(sampler.next());
            scenes.add(scene);
            prompts.add(Captioner.full(scene));
            seeds[i] = seed * 1_000_003L + i;
        }
        try (DiffusionModel g0 = BaseModel.load().toModel()) {
            SampleResult result = new DdimSampler(g0).sample(prompts, seeds, SamplerSettings.defaults());
            return new ModelSamples(prompts, scenes, result.pixels());
        }
    }

    /**
     * Base-model samples whose content is known: pairs of renders, a scene and the same scene with one attribute
     * changed (entries 2k and 2k + 1), each redrawn by G0 image-to-image ({@code strength} of the way from noise,
     * the same seed for both) with its full caption. They look like G0's own samples (its softness, its
     * artifacts), faithful ones included, while their scene is the ground truth that labels them; no judge is
     * needed, so the evaluator's classifier stays out of the scorers' training.
     */
    public static ModelSamples redrawnPairs(int pairs, long seed, double strength) {
        SceneSampler sampler = new SceneSampler(seed);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x5EED);
        SceneRenderer renderer = new SceneRenderer(32);
        List<String> prompts = new ArrayList<>(2 * pairs);
        List<Scene> scenes = new ArrayList<>(2 * pairs);
        long[] seeds = new long[2 * pairs];
        float[] renders = new float[2 * pairs * 3 * 32 * 32];
        for (int k = 0; k < pairs; k++) {
            Scene scene = SceneVariants.single(sampler.next());
            Scene variant = SceneVariants.oneAttributeChanged(scene, random);
            for (int v = 0; v < 2; v++) {
                Scene s = v == 0 ? scene : variant;
                scenes.add(s);
                prompts.add(Captioner.full(s));
                seeds[2 * k + v] = seed * 1_000_003L + k;
                Images.toChw(renderer.render(s), renders, (2 * k + v) * 3 * 32 * 32);
            }
        }
        try (DiffusionModel g0 = BaseModel.load().toModel()) {
            float[] latents = LatentEncoder.encode(g0, renders, 2 * pairs);
            SampleResult result = new DdimSampler(g0).sampleFrom(latents, strength, prompts, seeds, SamplerSettings.defaults());
            return new ModelSamples(prompts, scenes, result.pixels());
        }
    }

    public float[] image(int i) {
        int per = pixels.length / prompts.size();
        return java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per);
    }
}
