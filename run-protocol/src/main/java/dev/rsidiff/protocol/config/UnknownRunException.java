package dev.rsidiff.protocol.config;

import dev.rsidiff.schemas.RecordFault;

/** An event names a run whose configuration was never stored. */
public class UnknownRunException extends RuntimeException implements RecordFault {

    public UnknownRunException(String message) {
        super(message);
    }
}
