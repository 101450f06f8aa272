package dev.rsidiff.protocol.checkpoint;

/** A round names a checkpoint nobody has published (or the shipped base model under another id). */
public class UnknownCheckpointException extends RuntimeException {

    public UnknownCheckpointException(String message) {
        super(message);
    }
}
