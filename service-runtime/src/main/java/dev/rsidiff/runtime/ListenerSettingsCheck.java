package dev.rsidiff.runtime;

import dev.rsidiff.bus.listen.StageListener;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;

import java.time.Duration;

/**
 * Checks, when a service starts, the settings that its Kafka listeners take from their annotation
 * ({@link StageListener#POLL_TIMEOUT}), which no bean of the service reads: a bad value stops the service naming it,
 * as its own settings' checks do, instead of leaving a consumer that spins or never returns from its poll.
 */
@Context
final class ListenerSettingsCheck {

    ListenerSettingsCheck(@Value(StageListener.POLL_TIMEOUT) Duration pollTimeout) {
        SettingChecks.positive(StageListener.POLL_TIMEOUT_SETTING, pollTimeout);
    }
}
