package dev.rsidiff.blob;

import dev.rsidiff.schemas.RecordFault;

/** An object's bytes do not match the SHA-256 (or size) its reference carries: it must not be used. */
public class BlobIntegrityException extends RuntimeException implements RecordFault {

    private final String key;

    public BlobIntegrityException(String key, String message) {
        super("Blob '" + key + "' failed verification: " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
