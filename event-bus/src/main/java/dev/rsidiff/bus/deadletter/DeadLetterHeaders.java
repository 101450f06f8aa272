package dev.rsidiff.bus.deadletter;

/** Headers a dead-letter record carries besides the original record's own headers. */
public final class DeadLetterHeaders {

    public static final String ORIGINAL_TOPIC = "dlt.original.topic";
    public static final String ORIGINAL_PARTITION = "dlt.original.partition";
    public static final String ORIGINAL_OFFSET = "dlt.original.offset";
    public static final String CONSUMER_GROUP = "dlt.consumer.group";
    /** {@link FailureKind} name. */
    public static final String FAILURE_KIND = "dlt.failure.kind";
    public static final String ERROR_CLASS = "dlt.error.class";
    public static final String ERROR_MESSAGE = "dlt.error.message";
    /** Root cause class and message, which often say more than the wrapper. */
    public static final String ROOT_CAUSE = "dlt.error.root-cause";
    public static final String FAILED_AT = "dlt.failed.at";

    private DeadLetterHeaders() {
    }
}
