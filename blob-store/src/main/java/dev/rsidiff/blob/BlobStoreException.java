package dev.rsidiff.blob;

/** The object store could not be reached or refused a request. */
public class BlobStoreException extends RuntimeException {
    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
