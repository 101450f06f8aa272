package dev.rsidiff.protocol.config;

/** An event names a run whose configuration was never stored. */
public class UnknownRunException extends RuntimeException {

    public UnknownRunException(String message) {
        super(message);
    }
}
