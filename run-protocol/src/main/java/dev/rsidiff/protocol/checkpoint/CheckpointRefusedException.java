package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.schemas.RecordFault;

/** A checkpoint whose bytes or identity do not match what its event announced; it is never used. */
public class CheckpointRefusedException extends RuntimeException implements RecordFault {

    public CheckpointRefusedException(String message) {
        super(message);
    }

    public CheckpointRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
