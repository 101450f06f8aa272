package dev.rsidiff.bus.listen;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsPerPollTest {

    @Test
    void aBatchSizeOutsideOneToFiveHundredIsRefusedNamingTheSetting() {
        assertThat(RecordsPerPoll.check("rsidiff.scorer.images-per-poll", 1)).isEqualTo(1);
        assertThat(RecordsPerPoll.check("rsidiff.scorer.images-per-poll", 500)).isEqualTo(500);
        assertThatThrownBy(() -> RecordsPerPoll.check("rsidiff.scorer.images-per-poll", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rsidiff.scorer.images-per-poll=0");
        assertThatThrownBy(() -> RecordsPerPoll.check("rsidiff.generator.prompts-per-poll", 501))
                .hasMessageContaining("rsidiff.generator.prompts-per-poll=501");
    }
}
