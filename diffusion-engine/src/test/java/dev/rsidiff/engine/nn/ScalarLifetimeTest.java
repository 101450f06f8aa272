package dev.rsidiff.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gradients must not depend on what the JVM does with memory between the forward and the backward pass. DJL's
 * {@code NDArray.mul(Number)} broke that: its constant is freed right after the forward op, while libtorch keeps it
 * for the backward pass. Each case here runs the backward pass once undisturbed and once after a garbage collection
 * and a flood of small native allocations filled with 1e30 (which reuse whatever was freed), and requires the same
 * gradient. With {@code x.mul(0.5f)} in place of {@link Ops#mul} the disturbed gradient reads 1e30.
 */
class ScalarLifetimeTest {

    @Test
    void constantFactorsSurviveTheJvmFreeingMemoryBeforeTheBackwardPass() {
        assertGradientUndisturbed(new Shape(2, 8), x -> Ops.mul(x, 0.5f));
        assertGradientUndisturbed(new Shape(2, 8), x -> Ops.div(x, 3f));
    }

    @Test
    void attentionGradientsSurviveTheJvmFreeingMemoryBeforeTheBackwardPass() {
        assertGradientUndisturbed(new Shape(2, 5, 8), q -> {
            NDManager m = q.getManager();
            NDArray k = m.randomNormal(new Shape(2, 3, 8));
            NDArray v = m.randomNormal(new Shape(2, 3, 8));
            NDArray bias = Attention.keyBias(m, new float[]{1, 1, 0, 1, 0, 0}, 2);
            return Attention.multiHead(q, k, v, bias, 2);
        });
    }

    private static void assertGradientUndisturbed(Shape shape, Function<NDArray, NDArray> f) {
        Engine.getInstance().setRandomSeed(7);
        float[] calm = gradient(shape, f, false);
        for (int trial = 0; trial < 5; trial++) {
            Engine.getInstance().setRandomSeed(7);
            assertThat(gradient(shape, f, true)).as("gradient after the JVM reused freed memory, trial %d", trial)
                    .containsExactly(calm);
        }
    }

    private static float[] gradient(Shape shape, Function<NDArray, NDArray> f, boolean disturb) {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] values = new float[Math.toIntExact(shape.size())];
            SplittableRandom random = new SplittableRandom(11);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(-1, 1);
            }
            NDArray x = m.create(values, shape);
            x.setRequiresGradient(true);
            List<ByteBuffer> flood = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x);
                NDArray target = m.create(values.length == y.size() ? values : new float[Math.toIntExact(y.size())], y.getShape());
                NDArray loss = y.mul(y.add(target)).sum();
                if (disturb) {
                    flood = reuseFreedNativeMemory();
                }
                collector.backward(loss);
            }
            float[] g = x.getGradient().toFloatArray();
            x.getGradient().set(new NDIndex("..."), 0f);
            assertThat(flood).hasSizeLessThanOrEqualTo(FLOOD);
            return g;
        }
    }

    private static final int FLOOD = 20_000;

    /** Collects garbage (which frees closed arrays' direct buffers), then allocates small native buffers of 1e30. */
    private static List<ByteBuffer> reuseFreedNativeMemory() {
        System.gc();
        try {
            Thread.sleep(50); // the JDK's cleaner thread frees the buffers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> flood = new ArrayList<>(FLOOD);
        for (int i = 0; i < FLOOD; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4 * (1 + i % 4)).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 4) {
                b.putFloat(1e30f);
            }
            flood.add(b);
        }
        return flood;
    }
}
