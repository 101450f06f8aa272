package dev.rsidiff.scorers.data;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
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

    public float[] image(int i) {
        int per = pixels.length / prompts.size();
        return java.util.Arrays.copyOfRange(pixels, i * per, (i + 1) * per);
    }
}
