package dev.rsidiff.protocol;

import dev.rsidiff.blob.BlobIntegrityException;
import dev.rsidiff.blob.InvalidBlobKeyException;
import dev.rsidiff.protocol.checkpoint.CheckpointRefusedException;
import dev.rsidiff.protocol.checkpoint.UnknownCheckpointException;
import dev.rsidiff.protocol.config.UnknownRunException;

/**
 * Fatal versus retriable, as Kafka's clients keep them apart: a failure that lies in the event itself (it names an
 * unknown run or checkpoint, a hash does not match, an id or value is invalid) will fail again however often it is
 * retried, so the event goes to the dead-letter topic at once; anything else (the store or broker unreachable) is
 * retried.
 */
public final class RejectedWork {

    private RejectedWork() {
    }

    public static boolean isRecordProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownRunException || t instanceof UnknownCheckpointException
                    || t instanceof CheckpointRefusedException || t instanceof BlobIntegrityException
                    || t instanceof InvalidBlobKeyException || t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }
}
