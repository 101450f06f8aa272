package dev.rsidiff.trainer.training;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EpochsForTest {

    @Test
    void theRunsEpochsUnlessTheyGiveFewerStepsThanItsMinimum() {
        RunConfig eightEpochs = RunConfigs.apply(RunConfigs.defaults(), Map.of("epochs", "8", "batchSize", "32",
                "minSteps", "0"));
        // 64 samples in batches of 32: 2 steps per epoch.
        assertThat(RoundTraining.epochsFor(eightEpochs, 64)).isEqualTo(8);
        RunConfig atLeast100 = RunConfigs.apply(eightEpochs, Map.of("minSteps", "100"));
        assertThat(RoundTraining.epochsFor(atLeast100, 64)).isEqualTo(50);
        // 65 samples: 3 steps per epoch (the last batch is smaller), so 34 epochs reach 102 >= 100 steps.
        assertThat(RoundTraining.epochsFor(atLeast100, 65)).isEqualTo(34);
        assertThat(RoundTraining.epochsFor(atLeast100, 10_000)).isEqualTo(8);
    }
}
