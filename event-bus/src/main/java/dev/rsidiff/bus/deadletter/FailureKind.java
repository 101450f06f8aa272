package dev.rsidiff.bus.deadletter;

/** Why a record went to a dead-letter topic. */
public enum FailureKind {
    /** The bytes could not be decoded as the topic's event type. */
    DESERIALIZATION,
    /** The event decoded, but handling it failed, also after the listener's retries. */
    HANDLER
}
