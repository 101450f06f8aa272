package dev.rsidiff.blob;

/** A key or key segment that the layout does not allow. */
public class InvalidBlobKeyException extends IllegalArgumentException {
    public InvalidBlobKeyException(String message) {
        super(message);
    }
}
