package dev.rsidiff.runtime;

import java.time.Duration;

/**
 * Checks of a service's own settings, made where its beans read them, so that a bad value stops the service when it
 * starts, naming the setting, rather than failing (or misbehaving in) the first batch of work it takes. A setting
 * named {@code rsidiff.generator.sampler-batch} is given in the environment as
 * {@code RSIDIFF_GENERATOR_SAMPLER_BATCH}.
 */
public final class SettingChecks {

    private SettingChecks() {
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming the setting and the value, if the value is below {@code min}
     */
    public static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(setting + "=" + value + " must be at least " + min);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming the setting and the value, if the value is outside {@code min..max}
     */
    public static int between(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + "=" + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming the setting and the value, if the duration is zero or negative
     */
    public static Duration positive(String setting, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(setting + "=" + value + " must be a positive duration (such as 5m)");
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming the setting and the value, if the duration is negative
     */
    public static Duration notNegative(String setting, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(setting + "=" + value + " must be zero or a positive duration (such as"
                    + " 300ms)");
        }
        return value;
    }
}
