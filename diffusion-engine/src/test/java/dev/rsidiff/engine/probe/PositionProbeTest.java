package dev.rsidiff.engine.probe;

import ai.djl.ndarray.NDManager;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.world.Region;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The probe's measure reads the right region off a latent that shows it, for both kinds of data. */
class PositionProbeTest {

    @Test
    void aSyntheticLatentShowsItsRegion() {
        BlobLatents data = new BlobLatents(3, true);
        ProbeData.Batch held = data.heldOut(36);
        try (NDManager m = NDManager.newBaseManager()) {
            List<Region> found = data.regionsOf(m.create(held.latents(), new ai.djl.ndarray.types.Shape(36, 4, 8, 8)), held);
            assertThat(found).isEqualTo(held.regions());
        }
        assertThat(held.regions()).containsAll(List.of(Region.values()));
    }

    @Test
    void aRenderEncodedByG0ShowsItsRegionAfterDecoding() {
        try (DiffusionModel model = DiffusionModel.create(ModelConfig.defaults(32), 1); NDManager m = model.manager().newSubManager()) {
            RenderLatents data = new RenderLatents(model, 5, dev.rsidiff.engine.world.SceneCaptions.full());
            ProbeData.Batch held = data.heldOut(64);
            List<Region> found = data.regionsOf(m.create(held.latents(), model.latentShape(64)), held);
            long right = 0;
            for (int i = 0; i < 64; i++) {
                right += found.get(i) == held.regions().get(i) ? 1 : 0;
            }
            assertThat(right).as("regions read back from G0 reconstructions").isGreaterThanOrEqualTo(58);
        }
    }

    @Test
    void aShortRunReportsEveryFewSteps() {
        List<PositionProbe.Point> points = PositionProbe.run(new PositionProbe.Settings(PositionProbe.Data.SYNTHETIC,
                ModelConfig.POOLED_FILM, 10, 5, 8, 3e-4, 5, false, PositionProbe.Captions.FULL, 2));
        assertThat(points).extracting(PositionProbe.Point::step).containsExactly(5, 10);
        assertThat(points).allSatisfy(p -> {
            assertThat(p.loss()).isFinite().isPositive();
            assertThat(p.regionAccuracy()).isBetween(0.0, 1.0);
            assertThat(p.evaluated()).isEqualTo(144);
        });
    }
}
