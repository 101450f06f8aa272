package dev.rsidiff.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TorchThreadsTest {

    @AfterEach
    void clear() {
        System.clearProperty(TorchThreads.DJL_INTRA_OP);
        System.clearProperty(TorchThreads.DJL_INTER_OP);
    }

    @Test
    void theEnvironmentSetsDjlsThreadPools() {
        TorchThreads.apply(Map.of(TorchThreads.INTRA_OP, "1", TorchThreads.INTER_OP, "2"));
        assertThat(System.getProperty(TorchThreads.DJL_INTRA_OP)).isEqualTo("1");
        assertThat(System.getProperty(TorchThreads.DJL_INTER_OP)).isEqualTo("2");
        assertThat(TorchThreads.intraOpThreads()).hasValue(1);
    }

    @Test
    void unsetLeavesLibtorchsDefaultsAndAnExplicitPropertyWins() {
        TorchThreads.apply(Map.of());
        assertThat(System.getProperty(TorchThreads.DJL_INTRA_OP)).isNull();
        assertThat(TorchThreads.intraOpThreads()).isEmpty();
        System.setProperty(TorchThreads.DJL_INTRA_OP, "3");
        TorchThreads.apply(Map.of(TorchThreads.INTRA_OP, "1"));
        assertThat(System.getProperty(TorchThreads.DJL_INTRA_OP)).isEqualTo("3");
    }

    @Test
    void aBadValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> TorchThreads.apply(Map.of(TorchThreads.INTRA_OP, "two")))
                .hasMessageContaining(TorchThreads.INTRA_OP).hasMessageContaining("two");
        assertThatThrownBy(() -> TorchThreads.apply(Map.of(TorchThreads.INTER_OP, "0")))
                .hasMessageContaining(TorchThreads.INTER_OP).hasMessageContaining("outside");
    }
}
