package dev.rsidiff.engine.sample;

import dev.rsidiff.engine.world.Images;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoOpSamplerTest {

    @Test
    void eachSeedGivesItsOwnImageAndTheSameOneAgain() {
        NoOpSampler sampler = new NoOpSampler(32);

        SampleResult a = sampler.sample(List.of("a red circle", "a blue square"), new long[]{1, 2});
        SampleResult b = sampler.sample(List.of("anything"), new long[]{2});

        assertThat(a.count()).isEqualTo(2);
        assertThat(a.imageSize()).isEqualTo(32);
        assertThat(Images.png(a.image(1))).isEqualTo(Images.png(b.image(0)));
        assertThat(Images.png(a.image(0))).isNotEqualTo(Images.png(a.image(1)));
        for (float v : a.pixels()) {
            assertThat(v).isBetween(-1f, 1f);
        }
    }

    @Test
    void itsPngsAreAsLargeAsNoiseNotAFlatColour() {
        // the point of the sampler is to cost the pipeline what a real image costs to store and move
        byte[] png = Images.png(new NoOpSampler(32).sample(List.of("p"), new long[]{7}).image(0));

        assertThat(png.length).isGreaterThan(2_000);
    }

    @Test
    void refusesMismatchedInput() {
        assertThatThrownBy(() -> new NoOpSampler(32).sample(List.of("a", "b"), new long[]{1}))
                .hasMessageContaining("2 prompts but 1 seeds");
        assertThatThrownBy(() -> new NoOpSampler(0)).hasMessageContaining("imageSize");
    }
}
