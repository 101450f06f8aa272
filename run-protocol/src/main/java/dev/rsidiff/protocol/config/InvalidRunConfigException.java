package dev.rsidiff.protocol.config;

/** A run configuration value that cannot be used; the message names the setting and the offending value. */
public class InvalidRunConfigException extends IllegalArgumentException {

    public InvalidRunConfigException(String message) {
        super(message);
    }
}
