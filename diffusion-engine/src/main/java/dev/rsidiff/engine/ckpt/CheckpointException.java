package dev.rsidiff.engine.ckpt;

/** A checkpoint that cannot be used: corrupted, truncated, or for another architecture. */
public class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
