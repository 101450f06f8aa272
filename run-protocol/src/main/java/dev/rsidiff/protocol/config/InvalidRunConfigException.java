package dev.rsidiff.protocol.config;

import dev.rsidiff.schemas.RecordFault;

/** A run configuration value that cannot be used; the message names the setting and the offending value. */
public class InvalidRunConfigException extends IllegalArgumentException implements RecordFault {

    public InvalidRunConfigException(String message) {
        super(message);
    }
}
