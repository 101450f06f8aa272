package dev.rsidiff.protocol.config;

import dev.rsidiff.events.common.GuidanceSchedule;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.events.run.SelectionRule;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunConfigsTest {

    @Test
    void settingsOverrideTheDefaultsByFieldName() {
        RunConfig c = RunConfigs.apply(RunConfigs.defaults(), Map.of(
                "rounds", "5", "selectionRule", "random", "guidanceSchedule", "exponential-decay",
                "beta", "12.5", "scorers", "aesthetic, preference", "distributionWeighting", "false",
                "onDeadLetters", "fail-run"));
        assertThat(c.getRounds()).isEqualTo(5);
        assertThat(c.getOnDeadLetters()).isEqualTo(dev.rsidiff.events.run.DeadLetterPolicy.FAIL_RUN);
        assertThat(RunConfigs.defaults().getOnDeadLetters())
                .isEqualTo(dev.rsidiff.events.run.DeadLetterPolicy.PROCEED_AFTER_GRACE);
        assertThat(c.getSelectionRule()).isEqualTo(SelectionRule.RANDOM);
        assertThat(c.getGuidanceSchedule()).isEqualTo(GuidanceSchedule.EXPONENTIAL_DECAY);
        assertThat(c.getBeta()).isEqualTo(12.5);
        assertThat(c.getScorers()).containsExactly("aesthetic", "preference");
        assertThat(c.getDistributionWeighting()).isFalse();
        assertThat(RunConfigs.apply(c, Map.of("beta", "auto")).getBeta()).isNull();
    }

    @Test
    void bothGuidanceDirectionsAreSettingsAndReachTheEngineWithTheirDirection() {
        int bigT = 1000;
        for (String name : new String[]{"strong-early", "exponential-decay"}) {
            RunConfig c = RunConfigs.apply(RunConfigs.defaults(), Map.of("guidanceSchedule", name));
            var engine = RunSampling.engine(RunSampling.recorded(c), 8).schedule();
            // ReDiFine: strongest at the first sampling step (t = T), weakest at the last (t = 0).
            assertThat(engine.scale(3, 2, bigT, bigT)).as(name).isEqualTo(3.0);
            assertThat(engine.scale(3, 2, 0, bigT)).as(name).isLessThan(0.5);
        }
        RunConfig late = RunConfigs.apply(RunConfigs.defaults(), Map.of("guidanceSchedule", "STRONG_LATE"));
        var engine = RunSampling.engine(RunSampling.recorded(late), 8).schedule();
        assertThat(engine.scale(3, 2, bigT, bigT)).isLessThan(0.5);
        assertThat(engine.scale(3, 2, 0, bigT)).isEqualTo(3.0);
    }

    @Test
    void badSettingsAreRejectedByName() {
        RunConfig d = RunConfigs.defaults();
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("topk", "3")))
                .hasMessageContaining("Unknown run setting 'topk'").hasMessageContaining("topK");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("epochs", "many")))
                .hasMessageContaining("'epochs'").hasMessageContaining("'many'");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("topK", "100000")))
                .hasMessageContaining("topK 100000 exceeds");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("sampler", "euler")))
                .hasMessageContaining("sampler 'euler' is not implemented");
        assertThat(RunConfigs.apply(d, Map.of("sampler", "noop")).getSampler()).isEqualTo(RunConfigs.NO_OP);
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("conditionDropProbability", "1.5")))
                .hasMessageContaining("conditionDropProbability");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("reviewTimeoutSeconds", "0")))
                .hasMessageContaining("reviewTimeoutSeconds must be at least 1, got 0");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("onReviewTimeout", "later")))
                .hasMessageContaining("onReviewTimeout").hasMessageContaining("PROCEED");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("selectionRule", "best")))
                .hasMessageContaining("RANK_AVERAGE");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("promptFiltering", "yes")))
                .hasMessageContaining("promptFiltering");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("halfWeightQuantile", "0.4")))
                .hasMessageContaining("halfWeightQuantile must lie above betaQuantile 0.5");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("halfWeightQuantile", "1.5")))
                .hasMessageContaining("halfWeightQuantile must be in (0, 1]");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("baseReplay", "-1")))
                .hasMessageContaining("baseReplay");
        // With beta configured the quantile only needs to be one; "auto" clears it back to sigma2.
        assertThat(RunConfigs.apply(d, Map.of("beta", "3", "halfWeightQuantile", "0.4")).getHalfWeightQuantile())
                .isEqualTo(0.4);
        assertThat(RunConfigs.apply(d, Map.of("halfWeightQuantile", "auto")).getHalfWeightQuantile()).isNull();
        // A sigma^2 given explicitly is used: it switches the default calibration off.
        RunConfig fixed = RunConfigs.apply(d, Map.of("sigma2", "3"));
        assertThat(fixed.getSigma2()).isEqualTo(3.0);
        assertThat(fixed.getHalfWeightQuantile()).isNull();
    }

    @Test
    void perPromptSelectionSettingsParseAndRoundTripThroughTheirDescription() {
        RunConfig c = RunConfigs.apply(RunConfigs.defaults(), Map.of("selectionRule", "per-prompt",
                "perPromptKeep", "2", "vetoScorers", "aesthetic", "scoreFloors", "aesthetic:0.5, alignment:0.25"));
        assertThat(c.getSelectionRule().name()).isEqualTo("PER_PROMPT");
        assertThat(c.getPerPromptKeep()).isEqualTo(2);
        assertThat(c.getVetoScorers()).containsExactly("aesthetic");
        assertThat(c.getScoreFloors()).containsExactlyInAnyOrderEntriesOf(Map.of("aesthetic", 0.5, "alignment", 0.25));
        assertThat(RunConfigs.describe(c)).contains("scoreFloors=aesthetic:0.5,alignment:0.25");
        assertThat(RunConfigs.apply(RunConfigs.defaults(), Map.of("scoreFloors", "aesthetic:0.5,alignment:0.25"))
                .getScoreFloors()).isEqualTo(c.getScoreFloors());
    }

    @Test
    void selectionSettingsThatNameNoScorerOrNoRankerAreRejected() {
        RunConfig d = RunConfigs.defaults();
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("scoreFloors", "clip:0.3")))
                .hasMessageContaining("scoreFloors names 'clip'");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("scoreFloors", "aesthetic=0.3")))
                .hasMessageContaining("scorer:value pairs").hasMessageContaining("aesthetic=0.3");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("scoreFloors", "aesthetic:high")))
                .hasMessageContaining("'scoreFloors'");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("vetoScorers", "hps")))
                .hasMessageContaining("vetoScorers names 'hps'");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("scorers", "aesthetic", "vetoScorers", "aesthetic")))
                .hasMessageContaining("leaves no scorer");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("perPromptKeep", "0")))
                .hasMessageContaining("perPromptKeep must be >= 1");
    }

    @Test
    void settingsTheServicesWouldRefuseLaterAreRejectedNow() {
        RunConfig d = RunConfigs.defaults();
        // The sampler refuses more steps than timesteps; refused here, not after a round has started.
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("samplingSteps", "1001")))
                .hasMessageContaining("samplingSteps must be <= 1000, got 1001");
        assertThat(RunConfigs.apply(d, Map.of("samplingSteps", "1000")).getSamplingSteps()).isEqualTo(1000);
        // 65,536 x 65,536 overflows an int to 0; the product is checked in long arithmetic.
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("promptsPerRound", "65536", "imagesPerPrompt", "65536")))
                .hasMessageContaining("promptsPerRound x imagesPerPrompt").hasMessageContaining("4294967296");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("startRound", "2147483647", "rounds", "2")))
                .hasMessageContaining("startRound + rounds");
        assertThatThrownBy(() -> RunConfigs.apply(d, Map.of("scorers", "alignment,alignment")))
                .hasMessageContaining("scorers must not repeat");
    }

    @Test
    void configurationSurvivesItsJsonForm() {
        RunConfig c = RunConfigs.apply(RunConfigs.defaults(), Map.of("beta", "3.5", "seed", "99"));
        assertThat(RunConfigStore.fromJson(RunConfigStore.toJson(c))).isEqualTo(c);
        RunConfig d = RunConfigs.defaults();
        assertThat(RunConfigStore.fromJson(RunConfigStore.toJson(d))).isEqualTo(d);
    }
}
