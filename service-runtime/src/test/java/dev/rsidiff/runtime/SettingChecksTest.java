package dev.rsidiff.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingChecksTest {

    @Test
    void aValueInRangeIsReturnedAndOneOutsideIsRefusedNamingTheSettingAndValue() {
        assertThat(SettingChecks.atLeast("rsidiff.x.count", 1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> SettingChecks.atLeast("rsidiff.x.count", 0, 1))
                .hasMessage("rsidiff.x.count=0 must be at least 1");

        assertThat(SettingChecks.between("rsidiff.x.batch", 4096, 1, 4096)).isEqualTo(4096);
        assertThatThrownBy(() -> SettingChecks.between("rsidiff.x.batch", 4097, 1, 4096))
                .hasMessage("rsidiff.x.batch=4097 is outside 1..4096");
        assertThatThrownBy(() -> SettingChecks.between("rsidiff.x.batch", -1, 1, 4096))
                .hasMessageStartingWith("rsidiff.x.batch=-1");

        assertThat(SettingChecks.positive("rsidiff.x.grace", Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> SettingChecks.positive("rsidiff.x.grace", Duration.ZERO))
                .hasMessageStartingWith("rsidiff.x.grace=PT0S must be a positive duration");
        assertThatThrownBy(() -> SettingChecks.positive("rsidiff.x.grace", Duration.ofSeconds(-5)))
                .hasMessageStartingWith("rsidiff.x.grace=PT-5S");

        assertThat(SettingChecks.notNegative("rsidiff.x.linger", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> SettingChecks.notNegative("rsidiff.x.linger", Duration.ofMillis(-1)))
                .hasMessageStartingWith("rsidiff.x.linger=PT-0.001S must be zero or a positive duration");
    }
}
