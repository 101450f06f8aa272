package dev.rsidiff.engine.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The device every model of this process runs on, from {@code RSIDIFF_DEVICE} (or {@code -Drsidiff.device}):
 * {@code auto} (the default: the first GPU libtorch sees, else the CPU), {@code cpu}, {@code gpu} (the first GPU)
 * or {@code gpu:N}. On a GPU host, compose gives each generator and trainer instance one GPU, which it sees as
 * GPU 0 ({@code compose/README.md}).
 * <p>
 * Asking for a GPU where libtorch sees none (the CPU native library on the class path, no driver, no device
 * passed to the container) runs on the CPU and logs an error once, so that a GPU deployment that silently runs on
 * the CPU cannot go unnoticed; an index beyond the GPUs there are, or a value that is none of the above, is
 * refused before any model is built. The choice is made once per process, as libtorch's own default device is.
 */
public final class ComputeDevice {

    public static final String VARIABLE = "RSIDIFF_DEVICE";
    public static final String PROPERTY = "rsidiff.device";
    private static final Logger LOG = LoggerFactory.getLogger(ComputeDevice.class);

    private ComputeDevice() {
    }

    /** The configured device of this process, resolved on first use. */
    public static Device configured() {
        try {
            return Configured.DEVICE;
        } catch (ExceptionInInitializerError e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw new IllegalArgumentException(refused.getMessage(), refused);
            }
            throw e;
        }
    }

    /**
     * Resolves a setting against the GPUs there are.
     *
     * @param setting  the value of {@link #VARIABLE}; null or blank means {@code auto}
     * @param gpus     how many GPUs libtorch sees
     * @param fallback told why a GPU was asked for and the CPU is used instead
     * @throws IllegalArgumentException naming the value, if it is not a device or names a GPU beyond those there are
     */
    public static Device resolve(String setting, int gpus, Consumer<String> fallback) {
        String value = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (value.equals("cpu")) {
            return Device.cpu();
        }
        int index;
        if (value.equals("gpu")) {
            index = 0;
        } else if (value.matches("gpu:[0-9]{1,3}")) {
            index = Integer.parseInt(value.substring(4));
        } else {
            throw new IllegalArgumentException(VARIABLE + "='" + setting + "' is not a device: use auto, cpu, gpu or"
                    + " gpu:N");
        }
        if (gpus == 0) {
            fallback.accept(VARIABLE + "=" + value + " asks for a GPU, but libtorch sees none (the CPU native"
                    + " library is on the class path, or no GPU driver or device reaches this process): running on"
                    + " the CPU");
            return Device.cpu();
        }
        if (index >= gpus) {
            throw new IllegalArgumentException(VARIABLE + "=" + value + " names GPU " + index + ", but libtorch sees "
                    + gpus + " (GPU 0 to " + (gpus - 1) + ")");
        }
        return Device.gpu(index);
    }

    /** The setting from the system property, else the environment. */
    static String setting(Map<String, String> environment) {
        String property = System.getProperty(PROPERTY);
        return property != null ? property : environment.get(VARIABLE);
    }

    /** Holder idiom: resolved once, on first use, and never changed (libtorch's default device is process-wide too). */
    private static final class Configured {
        static final Device DEVICE = resolveAndLog();

        private static Device resolveAndLog() {
            String setting = setting(System.getenv());
            int gpus = Engine.getInstance().getGpuCount();
            Device device = resolve(setting, gpus, LOG::error);
            LOG.info("Models run on {} ({}={}, {} GPU(s) visible)", device, VARIABLE,
                    setting == null ? "auto" : setting, gpus);
            return device;
        }
    }
}
