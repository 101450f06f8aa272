package dev.rsidiff.blob;

/** Reads the bytes a reference names, verified against its size and SHA-256. */
@FunctionalInterface
public interface BlobReader {

    /**
     * @throws BlobIntegrityException if the bytes differ from the reference (the reference's fault)
     * @throws BlobStoreException     if the store cannot be read (worth retrying)
     */
    byte[] read(StoredBlob expected);
}
