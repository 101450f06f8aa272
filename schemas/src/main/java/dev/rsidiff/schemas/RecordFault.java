package dev.rsidiff.schemas;

/**
 * Marks a failure that is the input record's own fault (an unknown run, a hash that does not match, a checkpoint
 * that does not fit): retrying cannot help, so the record goes to its dead-letter topic at once. Every other
 * failure (broker, object store, timeouts, and anything unforeseen) is retried with backoff first.
 */
public interface RecordFault {
}
