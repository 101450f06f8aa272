package dev.rsidiff.engine.world;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromptAttributesTest {

    @Test
    void fullCaptionsParseBackToTheirScene() {
        SceneSampler sampler = new SceneSampler(12);
        for (int i = 0; i < 500; i++) {
            Scene scene = sampler.next();
            PromptAttributes a = PromptAttributes.parse(Captioner.full(scene));
            assertThat(a.shape()).contains(scene.primary().shape());
            assertThat(a.colour()).contains(scene.primary().colour());
            assertThat(a.size()).contains(scene.primary().size());
            assertThat(a.region()).contains(scene.primary().region());
            assertThat(a.background()).contains(scene.background());
            assertThat(a.contradictions()).isEmpty();
        }
    }

    @Test
    void contradictionsAndVaguePromptsAreRecognised() {
        assertThat(PromptAttributes.parse("a red blue circle").contradictions()).containsExactly("colour: red, blue");
        assertThat(PromptAttributes.parse("a circle square").contradictions()).containsExactly("shape: circle, square");
        assertThat(PromptAttributes.parse("a small large star at the top bottom").contradictions())
                .containsExactlyInAnyOrder("size: small, large", "region: top, bottom");
        assertThat(PromptAttributes.parse("a shape").named()).isEmpty();
        assertThat(PromptAttributes.parse("a red shape").named()).containsOnlyKeys(PromptAttributes.Attribute.COLOUR);
        assertThat(List.of(PromptAttributes.parse("a red circle, trending on artstation, 8k").named().size())).containsExactly(2);
    }
}
