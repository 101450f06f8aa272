package dev.rsidiff.protocol;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverdueRoundsCheckTest {

    @Test
    void eachCheckAsksEveryCollectorAndAnIntervalThatIsNotPositiveIsRefusedNamingTheSetting() {
        List<String> asked = new ArrayList<>();
        new OverdueRoundsCheck(List.of(() -> asked.add("weighting"), () -> asked.add("training")),
                Duration.ofSeconds(10)).check();
        assertThat(asked).containsExactly("weighting", "training");

        assertThatThrownBy(() -> new OverdueRoundsCheck(List.of(), Duration.ZERO))
                .hasMessageStartingWith(OverdueRoundsCheck.CHECK_INTERVAL + "=PT0S");
    }
}
