package dev.rsidiff.engine.device;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComputeDeviceTest {

    private final List<String> fallbacks = new ArrayList<>();

    @Test
    void autoTakesTheFirstGpuWhereThereIsOneAndTheCpuElsewhere() {
        assertThat(ComputeDevice.resolve(null, 0, fallbacks::add)).isEqualTo(Device.cpu());
        assertThat(ComputeDevice.resolve(" ", 2, fallbacks::add)).isEqualTo(Device.gpu(0));
        assertThat(ComputeDevice.resolve("AUTO", 1, fallbacks::add)).isEqualTo(Device.gpu(0));
        assertThat(fallbacks).isEmpty();
    }

    @Test
    void cpuAndNamedGpusAreTakenAsGiven() {
        assertThat(ComputeDevice.resolve("cpu", 4, fallbacks::add)).isEqualTo(Device.cpu());
        assertThat(ComputeDevice.resolve("gpu", 4, fallbacks::add)).isEqualTo(Device.gpu(0));
        assertThat(ComputeDevice.resolve("gpu:3", 4, fallbacks::add)).isEqualTo(Device.gpu(3));
        assertThat(fallbacks).isEmpty();
    }

    @Test
    void aGpuAskedForWhereNoneIsVisibleFallsBackToTheCpuAndSaysWhy() {
        assertThat(ComputeDevice.resolve("gpu:1", 0, fallbacks::add)).isEqualTo(Device.cpu());
        assertThat(fallbacks).singleElement().asString().contains("RSIDIFF_DEVICE=gpu:1").contains("running on the CPU");
    }

    @Test
    void aGpuBeyondThoseThereAreOrAnUnknownDeviceIsRefusedByName() {
        assertThatThrownBy(() -> ComputeDevice.resolve("gpu:2", 2, fallbacks::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpu:2").hasMessageContaining("GPU 0 to 1");
        assertThatThrownBy(() -> ComputeDevice.resolve("cuda", 2, fallbacks::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cuda'");
        assertThatThrownBy(() -> ComputeDevice.resolve("gpu:-1", 2, fallbacks::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'gpu:-1'");
    }
}
