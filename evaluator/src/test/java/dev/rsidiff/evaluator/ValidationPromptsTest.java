package dev.rsidiff.evaluator;

import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.HeldOutSplit;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationPromptsTest {

    @Test
    void validationPromptsAreHeldOutKindsAndDisjointFromEveryHeldOutEvaluation() {
        List<String> validation = ValidationPrompts.scenes(ValidationPrompts.MAX).stream().map(Captioner::full).toList();
        Set<String> heldOut = new HashSet<>(HeldOutPrompts.prompts(HeldOutPrompts.MAX));
        assertThat(validation).hasSize(ValidationPrompts.MAX).doesNotHaveDuplicates();
        assertThat(validation).noneMatch(heldOut::contains);
        assertThat(ValidationPrompts.scenes(50)).allMatch(HeldOutSplit::isHeldOut);
        assertThat(ValidationPrompts.scenes(20)).isEqualTo(ValidationPrompts.scenes(20));
    }

    @Test
    void sizesBeyondTheSetsAreRefused() {
        assertThatThrownBy(() -> HeldOutPrompts.scenes(HeldOutPrompts.MAX + 1)).hasMessageContaining("600");
        assertThatThrownBy(() -> ValidationPrompts.scenes(0)).hasMessageContaining("validation prompts");
    }
}
