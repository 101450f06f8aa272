package dev.rsidiff.scorers;

import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.scorers.data.Degradation;
import dev.rsidiff.scorers.data.SceneVariants;
import dev.rsidiff.engine.world.Scene;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DegradationTest {

    @Test
    void everyDegradationChangesTheImageReproduciblyAndStaysInRange() {
        float[] clean = Images.toChw(new SceneRenderer(32).render(new SceneSampler(3).next()));
        for (Degradation d : Degradation.values()) {
            float[] a = d.apply(clean, 32, new SplittableRandom(5));
            float[] b = d.apply(clean, 32, new SplittableRandom(5));
            assertThat(a).as("%s reproducible", d).isEqualTo(b);
            assertThat(a).as("%s changes the image", d).isNotEqualTo(clean);
            for (float v : a) {
                assertThat(v).isBetween(-1f, 1f);
            }
        }
    }

    @Test
    void aVariantDiffersInExactlyOneAttribute() {
        SceneSampler sampler = new SceneSampler(8);
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 300; i++) {
            Scene s = SceneVariants.single(sampler.next());
            Scene v = SceneVariants.oneAttributeChanged(s, random);
            int differences = 0;
            differences += s.background() != v.background() ? 1 : 0;
            differences += s.primary().shape() != v.primary().shape() ? 1 : 0;
            differences += s.primary().colour() != v.primary().colour() ? 1 : 0;
            differences += s.primary().size() != v.primary().size() ? 1 : 0;
            differences += s.primary().region() != v.primary().region() ? 1 : 0;
            assertThat(differences).isEqualTo(1);
        }
    }
}
