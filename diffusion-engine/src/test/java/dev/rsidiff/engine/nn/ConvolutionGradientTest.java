package dev.rsidiff.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A convolution's gradients must not depend on what the memory libtorch allocates for them last held. Its CPU
 * backward pass (oneDNN, libtorch 2.7.1) reads unwritten memory times zero when the filters are a partial block,
 * so memory that last held NaNs gave NaN input gradients: without {@link Ops#conv}'s padding, 8 of 600 passes with
 * 4 filters (the denoiser's last layer) and 339 of 600 with 8 were non-finite.
 */
class ConvolutionGradientTest {

    private static final int PASSES = 300;

    @ParameterizedTest(name = "{0} filters")
    @ValueSource(ints = {4, 8})
    void gradientsAreTheSameWhateverTheFreedMemoryHeld(int filters) {
        try (NDManager m = NDManager.newBaseManager()) {
            // given a 3x3 convolution from 64 channels at 8x8, and a fixed input, filters and target
            Inputs in = new Inputs(new SplittableRandom(3), 4, 64, 8, filters);
            float[][] first = gradients(m, in);
            int differing = 0;
            for (int pass = 0; pass < PASSES; pass++) {
                // when the memory its backward pass will get last held NaNs
                for (int j = 0; j < 3; j++) {
                    m.full(new Shape(1000 + 7919L * ((pass * 3 + j) % 13)), Float.NaN).close();
                }
                float[][] again = gradients(m, in);
                // then the gradients are the same, finite ones
                if (!java.util.Arrays.equals(again[0], first[0]) || !java.util.Arrays.equals(again[1], first[1])) {
                    differing++;
                }
            }
            for (float g : first[0]) {
                assertThat(g).as("input gradient").isFinite();
            }
            assertThat(differing).as("passes of %d whose gradients differ from the first", PASSES).isZero();
        }
    }

    /** The padded convolution computes what the plain one does, forward and backward. */
    @ParameterizedTest(name = "{0} filters")
    @ValueSource(ints = {3, 4, 20})
    void paddingTheFiltersChangesNoValue(int filters) {
        try (NDManager m = NDManager.newBaseManager()) {
            Inputs in = new Inputs(new SplittableRandom(5), 2, 8, 6, filters);
            float[][] padded = gradients(m, in);
            // the same filters, then zero ones up to a full block (which is never padded), the loss on the first
            int blocks = (filters + 15) / 16 * 16;
            float[] wFull = new float[blocks * 8 * 9];
            System.arraycopy(in.w, 0, wFull, 0, in.w.length);
            float[] targetFull = new float[2 * blocks * 36];
            for (int n = 0; n < 2; n++) {
                System.arraycopy(in.target, n * filters * 36, targetFull, n * blocks * 36, filters * 36);
            }
            float[][] reference = gradients(m, new Inputs(in.x, wFull, targetFull, 2, 8, 6, blocks), filters);
            assertThat(padded[0]).as("input gradient").containsExactly(reference[0]);
            assertThat(padded[1]).as("filter gradient")
                    .containsExactly(java.util.Arrays.copyOf(reference[1], padded[1].length));
        }
    }

    private record Inputs(float[] x, float[] w, float[] target, int batch, int channels, int size, int filters) {
        Inputs(SplittableRandom random, int batch, int channels, int size, int filters) {
            this(normal(random, batch * channels * size * size, 1), normal(random, filters * channels * 9, 0.1),
                    normal(random, batch * filters * size * size, 1), batch, channels, size, filters);
        }
    }

    private static float[] normal(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * (random.nextDouble() * 2 - 1));
        }
        return v;
    }

    private static float[][] gradients(NDManager m, Inputs in) {
        return gradients(m, in, in.filters);
    }

    /** Input and filter gradients of the squared error against the target, over the first {@code counted} outputs. */
    private static float[][] gradients(NDManager m, Inputs in, int counted) {
        try (NDManager step = m.newSubManager()) {
            NDArray x = step.create(in.x, new Shape(in.batch, in.channels, in.size, in.size));
            NDArray w = step.create(in.w, new Shape(in.filters, in.channels, 3, 3));
            NDArray b = step.zeros(new Shape(in.filters));
            NDArray target = step.create(in.target, new Shape(in.batch, in.filters, in.size, in.size));
            x.setRequiresGradient(true);
            w.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray error = Ops.conv(x, w, b, 1).sub(target);
                NDArray counted0 = error.get(new ai.djl.ndarray.index.NDIndex(":, :{}", counted));
                collector.backward(counted0.square().sum());
            }
            return new float[][]{x.getGradient().toFloatArray(), w.getGradient().toFloatArray()};
        }
    }
}
