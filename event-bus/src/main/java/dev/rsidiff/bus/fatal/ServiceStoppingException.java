package dev.rsidiff.bus.fatal;

/**
 * What a listener throws in place of an {@link Error}: the service is stopping because of it, and the record in
 * hand is to be delivered again, not dead-lettered (it is retried until the process exits).
 */
public class ServiceStoppingException extends RuntimeException {

    public ServiceStoppingException(String where, Error cause) {
        super("Fatal error in " + where + " (" + cause + "); the service is stopping", cause);
    }
}
