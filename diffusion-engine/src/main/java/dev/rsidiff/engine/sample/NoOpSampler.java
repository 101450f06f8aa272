package dev.rsidiff.engine.sample;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A sampler that does not run the model: each image is uniform noise drawn from its seed. It exists to measure what
 * the pipeline around the model costs per image (events, object store, PNG, the services' handling): with the
 * model's time taken out, what is left is that overhead ({@code rsi bench loop --no-op-model}). Its images are not
 * pictures of anything; a run that samples with it trains on noise. Noise rather than a flat colour so that each
 * image's PNG is as large as a real sample's (a flat image compresses to a few bytes).
 */
public final class NoOpSampler {

    private final int imageSize;

    /** @param imageSize side of the images, the model's (the checkpoint's configuration says) */
    public NoOpSampler(int imageSize) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
        this.imageSize = imageSize;
    }

    /** One image per prompt and seed, the same image for the same seed. */
    public SampleResult sample(List<String> prompts, long[] seeds) {
        if (prompts.size() != seeds.length) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + seeds.length + " seeds");
        }
        long start = System.nanoTime();
        int per = 3 * imageSize * imageSize;
        float[] pixels = new float[seeds.length * per];
        for (int i = 0; i < seeds.length; i++) {
            SplittableRandom random = new SplittableRandom(seeds[i]);
            for (int k = 0; k < per; k++) {
                pixels[i * per + k] = (float) (2 * random.nextDouble() - 1);
            }
        }
        return new SampleResult(List.copyOf(prompts), seeds.clone(), pixels, imageSize,
                Duration.ofNanos(System.nanoTime() - start));
    }
}
