package dev.rsidiff.protocol.checkpoint;

import dev.rsidiff.schemas.RecordFault;

/** A round names a checkpoint nobody has published (or the shipped base model under another id). */
public class UnknownCheckpointException extends RuntimeException implements RecordFault {

    public UnknownCheckpointException(String message) {
        super(message);
    }
}
