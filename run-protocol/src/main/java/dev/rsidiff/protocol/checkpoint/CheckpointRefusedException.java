package dev.rsidiff.protocol.checkpoint;

/** A checkpoint whose bytes or identity do not match what its event announced; it is never used. */
public class CheckpointRefusedException extends RuntimeException {

    public CheckpointRefusedException(String message) {
        super(message);
    }

    public CheckpointRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
