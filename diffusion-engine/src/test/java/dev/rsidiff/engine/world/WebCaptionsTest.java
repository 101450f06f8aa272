package dev.rsidiff.engine.world;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WebCaptionsTest {

    @Test
    void captionsAlwaysNameTheRightColourAndOftenOmitOrMisnameRegionAndShape() {
        SceneSampler scenes = new SceneSampler(3);
        SplittableRandom random = new SplittableRandom(4);
        WebCaptions web = new WebCaptions();
        int n = 4000;
        int regionNamed = 0;
        int regionWrong = 0;
        int shapeNamed = 0;
        int shapeWrong = 0;
        int backgroundNamed = 0;
        for (int i = 0; i < n; i++) {
            Scene scene = scenes.next();
            String caption = web.caption(scene, random);
            PromptAttributes read = PromptAttributes.parse(caption);
            assertThat(read.colour()).as(caption).contains(scene.primary().colour());
            read.background().ifPresent(b -> assertThat(b).as(caption).isEqualTo(scene.background()));
            backgroundNamed += read.background().isPresent() ? 1 : 0;
            if (read.region().isPresent()) {
                regionNamed++;
                regionWrong += read.region().get() != scene.primary().region() ? 1 : 0;
            }
            if (read.shape().isPresent()) {
                shapeNamed++;
                shapeWrong += read.shape().get() != scene.primary().shape() ? 1 : 0;
            }
        }
        assertThat((double) regionNamed / n).isCloseTo(WebCaptions.REGION_NAMED, within(0.03));
        assertThat((double) regionWrong / regionNamed).isCloseTo(WebCaptions.REGION_WRONG, within(0.03));
        assertThat((double) shapeNamed / n).isCloseTo(WebCaptions.SHAPE_NAMED, within(0.03));
        assertThat((double) shapeWrong / shapeNamed).isCloseTo(WebCaptions.SHAPE_WRONG, within(0.03));
        assertThat((double) backgroundNamed / n).isCloseTo(WebCaptions.BACKGROUND_NAMED, within(0.03));
    }
}
