package dev.rsidiff.protocol.stopping;

import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.RunConfigs;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyStoppingTest {

    private static RunConfig config(int patience, double collapse) {
        return RunConfigs.apply(RunConfigs.defaults(), Map.of("rounds", "6", "patience", Integer.toString(patience),
                "collapseFidelityRatio", Double.toString(collapse)));
    }

    private static EarlyStopping.Evaluated eval(int round, double validation, double fidelity) {
        return new EarlyStopping.Evaluated("ck-" + round, Map.of(BestRound.METRIC, validation,
                "faithfulness", 0.5, EarlyStopping.FIDELITY, fidelity));
    }

    @Test
    void theBestRoundIsChosenOnValidationAndPatienceStopsTheRun() {
        Map<Integer, EarlyStopping.Evaluated> e = new TreeMap<>();
        e.put(0, eval(0, 0.80, 10));
        e.put(1, eval(1, 0.83, 10));
        e.put(2, eval(2, 0.82, 10));
        EarlyStopping.Decision after2 = EarlyStopping.decide(config(2, 0), e, 2);
        assertThat(after2.bestRound()).isEqualTo(1);
        assertThat(after2.bestCheckpointId()).isEqualTo("ck-1");
        assertThat(after2.stopReason()).as("one round without improvement, patience 2").isEmpty();

        e.put(3, eval(3, 0.83, 10)); // a tie is no improvement
        EarlyStopping.Decision after3 = EarlyStopping.decide(config(2, 0), e, 3);
        assertThat(after3.bestRound()).isEqualTo(1);
        assertThat(after3.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("since round 1").contains("patience 2"));
        assertThat(EarlyStopping.decide(config(0, 0), e, 3).stopReason()).as("patience 0 never stops").isEmpty();
    }

    @Test
    void aCollapseSymptomOverItsThresholdStopsTheRun() {
        Map<Integer, EarlyStopping.Evaluated> e = new TreeMap<>();
        e.put(0, eval(0, 0.80, 10));
        e.put(1, eval(1, 0.85, 14));
        assertThat(EarlyStopping.decide(config(0, 1.5), e, 1).stopReason()).isEmpty();
        e.put(2, eval(2, 0.86, 16));
        assertThat(EarlyStopping.decide(config(0, 1.5), e, 2).stopReason())
                .hasValueSatisfying(r -> assertThat(r).startsWith("collapse").contains("1.60 times"));
        assertThat(EarlyStopping.enabled(config(0, 1.5))).isTrue();
        assertThat(EarlyStopping.enabled(config(0, 0))).isFalse();
    }

    @Test
    void theLastRoundAndTheBaseNeverCarryAStopAndRoundsWithoutValidationDoNotCompete() {
        Map<Integer, EarlyStopping.Evaluated> e = new TreeMap<>();
        e.put(0, new EarlyStopping.Evaluated("ck-0", Map.of("faithfulness", 0.8)));
        EarlyStopping.Decision base = EarlyStopping.decide(config(1, 0.1), e, 0);
        assertThat(base.bestRound()).isEqualTo(-1);
        assertThat(base.stopReason()).isEmpty();
        e.put(6, eval(6, 0.1, 100));
        assertThat(EarlyStopping.decide(config(1, 0.1), e, 6).stopReason()).as("round 6 of 6 is the last").isEmpty();
    }
}
