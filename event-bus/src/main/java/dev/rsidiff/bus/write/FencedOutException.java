package dev.rsidiff.bus.write;

/**
 * This instance no longer owns the input partition whose work it was doing: a newer owner fenced it
 * ({@link PartitionFences}). Neither the record's fault nor a transient failure: the record is not retried here and
 * not dead-lettered; the partition's owner handles it.
 */
public class FencedOutException extends RuntimeException {

    public FencedOutException(String message) {
        super(message);
    }

    public FencedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
