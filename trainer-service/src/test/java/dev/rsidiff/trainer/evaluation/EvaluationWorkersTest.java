package dev.rsidiff.trainer.evaluation;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluationWorkersTest {

    @Test
    void byDefaultOneWorkerPerIntraOpTeamTheCoresHold() {
        assertThat(EvaluationWorkers.resolve(0, 2, OptionalInt.of(1))).isEqualTo(2);
        assertThat(EvaluationWorkers.resolve(0, 16, OptionalInt.of(3))).isEqualTo(5);
        assertThat(EvaluationWorkers.resolve(0, 2, OptionalInt.of(4))).as("more threads than cores").isEqualTo(1);
        assertThat(EvaluationWorkers.resolve(0, 16, OptionalInt.empty())).as("libtorch takes every core").isEqualTo(1);
    }

    @Test
    void onlyARunsLastRoundIsEvaluatedOnTheWorkers() {
        // Given a run of rounds 3 to 5 (the base is round 2)
        RunConfig config = RunConfigs.defaults();
        config.setStartRound(3);
        config.setRounds(3);

        // Then round 5 is its last, and the base and rounds 3 and 4 run beside a later round's generation
        assertThat(RoundEvaluation.isLastRound(5, config)).isTrue();
        assertThat(RoundEvaluation.isLastRound(2, config)).isFalse();
        assertThat(RoundEvaluation.isLastRound(4, config)).isFalse();
    }

    @Test
    void aSetCountIsKeptAndOneOutOfRangeIsRefusedNamingTheSetting() {
        assertThat(EvaluationWorkers.resolve(3, 2, OptionalInt.of(1))).isEqualTo(3);
        assertThatThrownBy(() -> EvaluationWorkers.resolve(-1, 2, OptionalInt.of(1)))
                .hasMessageContaining(EvaluationWorkers.SETTING).hasMessageContaining("-1");
        assertThatThrownBy(() -> EvaluationWorkers.resolve(65, 2, OptionalInt.of(1)))
                .hasMessageContaining(EvaluationWorkers.SETTING).hasMessageContaining("65");
    }
}
