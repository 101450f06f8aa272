package dev.rsidiff.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rsidiff.engine.EngineFixtures;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.text.TextConditioning;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttentionTest {

    @Test
    void maskedKeysGetNoWeightAndTheirContentCannotLeakIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(2, 5, 8));
            NDArray k = m.randomNormal(new Shape(2, 4, 8));
            NDArray v = m.randomNormal(new Shape(2, 4, 8));
            NDArray bias = Attention.keyBias(m, new float[]{1, 1, 0, 0, 1, 0, 0, 0}, 2);
            float[] before = Attention.multiHead(q, k, v, bias, 2).toFloatArray();
            // Overwrite the masked keys and values with huge numbers: the output must not move at all.
            NDArray k2 = k.duplicate();
            NDArray v2 = v.duplicate();
            k2.set(new ai.djl.ndarray.index.NDIndex("0, 2:"), 1e3f);
            v2.set(new ai.djl.ndarray.index.NDIndex("1, 1:"), -1e3f);
            assertThat(Attention.multiHead(q, k2, v2, bias, 2).toFloatArray()).containsExactly(before);
        }
    }

    @Test
    void aRowWithEveryKeyMaskedIsRefusedRatherThanSoftmaxedIntoNonsense() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> Attention.keyBias(m, new float[]{1, 0, 0, 0, 0, 0}, 2))
                    .hasMessageContaining("row 1 has every key masked");
        }
    }

    @Test
    void gradientsStayFiniteWithSaturatedLogitsAndPadding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.randomNormal(new Shape(3, 6, 16)).mul(100f);
            NDArray k = m.randomNormal(new Shape(3, 5, 16)).mul(100f);
            NDArray v = m.randomNormal(new Shape(3, 5, 16));
            q.setRequiresGradient(true);
            k.setRequiresGradient(true);
            v.setRequiresGradient(true);
            NDArray bias = Attention.keyBias(m, new float[]{1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, 3);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                c.backward(Attention.multiHead(q, k, v, bias, 4).square().sum());
            }
            for (NDArray g : List.of(q.getGradient(), k.getGradient(), v.getGradient())) {
                for (float x : g.toFloatArray()) {
                    assertThat(Float.isFinite(x)).isTrue();
                }
            }
        }
    }

    @Test
    void theDenoiserReadsTheTokensThroughCrossAttentionNotOnlyThePooledVector() {
        // Same pooled vector (the FiLM path), tokens of another region phrase: only cross-attention can carry the
        // difference, so the prediction must change.
        try (DiffusionModel model = EngineFixtures.textSensitiveModel(3); NDManager m = model.manager().newSubManager()) {
            NDArray x = m.randomNormal(model.latentShape(1));
            NDArray t = m.create(new float[]{500f});
            TextConditioning left = model.textEncoder().condition(m, List.of("a red circle at the top left on a blue background"));
            TextConditioning right = model.textEncoder().condition(m, List.of("a red circle at the bottom right on a blue background"));
            TextConditioning rightTokensLeftPooled = new TextConditioning(right.tokens(), right.keyBias(), left.pooled());
            NDArray diff = model.denoiser().forward(x, t, left).sub(model.denoiser().forward(x, t, rightTokensLeftPooled));
            assertThat(diff.abs().max().getFloat()).isGreaterThan(1e-4f);
        }
    }
}
