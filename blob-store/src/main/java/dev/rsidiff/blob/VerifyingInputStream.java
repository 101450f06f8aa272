package dev.rsidiff.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes what passes through and, at end of stream, fails with {@link BlobIntegrityException} unless size and
 * SHA-256 match what was expected. A reader therefore never sees a clean end of a corrupted object.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final StoredBlob expected;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, StoredBlob expected) {
        super(in);
        this.expected = expected;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n < 0) {
            verify();
        } else {
            digest.update(buffer, off, n);
            count += n;
            if (count > expected.sizeBytes()) {
                throw new BlobIntegrityException(expected.key().value(), "more than the expected "
                        + expected.sizeBytes() + " bytes");
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must still be hashed.
        byte[] sink = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (count != expected.sizeBytes()) {
            throw new BlobIntegrityException(expected.key().value(), "size " + count + " bytes, expected "
                    + expected.sizeBytes());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected.sha256())) {
            throw new BlobIntegrityException(expected.key().value(), "SHA-256 " + actual + ", expected "
                    + expected.sha256());
        }
    }
}
