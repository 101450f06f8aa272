package dev.rsidiff.control.study;

import dev.rsidiff.events.common.GuidanceSchedule;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.SelectionRule;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyArmTest {

    private final RunConfig full = RunConfigs.apply(RunConfigs.defaults(), StudyProfile.standard().runSettings());

    @Test
    void theFullArmHasEveryStrategyOn() {
        RunConfig c = StudyArm.FULL.configure(full);
        assertThat(c.getPromptFiltering()).isTrue();
        assertThat(c.getSelectionRule()).isNotEqualTo(SelectionRule.RANDOM);
        assertThat(c.getDistributionWeighting()).isTrue();
        assertThat(c.getConditionDropProbability()).isPositive();
        assertThat(c.getGuidanceSchedule()).isEqualTo(GuidanceSchedule.STRONG_EARLY);
    }

    @Test
    void eachRemovalArmSwitchesOffExactlyItsStrategy() {
        Map<StudyArm, String> switched = Map.of(
                StudyArm.NO_PROMPT_FILTERING, "promptFiltering",
                StudyArm.NO_PREFERENCE_SAMPLING, "selectionRule",
                StudyArm.NO_DISTRIBUTION_WEIGHTING, "distributionWeighting",
                StudyArm.NO_CONDITION_DROP, "conditionDropProbability",
                StudyArm.NO_GUIDANCE_SCHEDULE, "guidanceSchedule",
                StudyArm.NO_SAMPLE_ACCUMULATION, "accumulateSamples");
        switched.forEach((arm, field) -> {
            RunConfig c = arm.configure(full);
            for (org.apache.avro.Schema.Field f : RunConfig.getClassSchema().getFields()) {
                boolean same = java.util.Objects.equals(c.get(f.pos()), full.get(f.pos()));
                assertThat(same).as("%s: %s", arm, f.name()).isEqualTo(!f.name().equals(field));
            }
        });
    }

    @Test
    void sftKeepsTheWholePoolUnweightedAndNoStrategyHasNone() {
        RunConfig sft = StudyArm.SFT.configure(full);
        assertThat(sft.getTopK()).isEqualTo(full.getPromptsPerRound() * full.getImagesPerPrompt());
        assertThat(sft.getSelectionRule()).isEqualTo(SelectionRule.RANDOM);
        assertThat(sft.getDistributionWeighting()).isFalse();
        assertThat(sft.getAccumulateSamples()).as("the paper's baseline trains on its round's samples").isFalse();

        RunConfig none = StudyArm.NO_STRATEGY.configure(full);
        assertThat(none.getPromptFiltering()).isFalse();
        assertThat(none.getSelectionRule()).isEqualTo(SelectionRule.RANDOM);
        assertThat(none.getDistributionWeighting()).isFalse();
        assertThat(none.getConditionDropProbability()).isZero();
        assertThat(none.getGuidanceSchedule()).isEqualTo(GuidanceSchedule.CONSTANT);
        assertThat(none.getAccumulateSamples()).as("naive self-training replaces its data").isFalse();
        assertThat(full.getAccumulateSamples()).as("the full arm accumulates by default").isTrue();
        assertThat(none.getSeed()).as("same seeds in every arm").isEqualTo(full.getSeed());
    }

    @Test
    void theDefaultArmsAreThePapersEight() {
        assertThat(StudyArm.paperArms()).hasSize(8).doesNotContain(StudyArm.NO_SAMPLE_ACCUMULATION)
                .startsWith(StudyArm.FULL).endsWith(StudyArm.NO_STRATEGY);
    }

    @Test
    void armsAreNamedOnTheCommandLineByLabel() {
        assertThat(StudyArm.fromLabel("no-condition-drop")).isEqualTo(StudyArm.NO_CONDITION_DROP);
        assertThatThrownBy(() -> StudyArm.fromLabel("no-such-arm")).hasMessageContaining("no-such-arm")
                .hasMessageContaining("no-strategy");
    }
}
