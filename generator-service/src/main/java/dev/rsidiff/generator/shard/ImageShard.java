package dev.rsidiff.generator.shard;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.Sha256;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.schemas.RecordFault;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prompt's images as one object: a plain tar archive with an entry {@code <image id>.png} per image (the layout
 * WebDataset made common; {@code tar tf} lists it). Each image event names its entry's byte range, so a reader
 * fetches only that image, or a prompt's images with one request. The archive's bytes follow from the images
 * alone (fixed times, owners and modes), so the same images always make the same shard.
 */
public final class ImageShard {

    private static final String SUFFIX = ".png";

    private ImageShard() {
    }

    /** The archive of {@code pngs} (by image id, in the order given). */
    public static byte[] pack(Map<String, byte[]> pngs) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey() + SUFFIX);
                entry.setSize(e.getValue().length);
                entry.setModTime(FileTime.fromMillis(0));
                entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
                entry.setUserName("");
                entry.setGroupName("");
                entry.setIds(0, 0);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Packing " + pngs.size() + " images into a shard failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The images in a stored shard, each with the reference to its range of the object {@code key}.
     *
     * @throws InvalidShardException if the bytes are not a tar archive of images
     */
    public static Map<String, Image> unpack(BlobKey key, byte[] shard) {
        Map<String, Image> out = new LinkedHashMap<>();
        try (TarFile tar = new TarFile(shard)) {
            for (TarArchiveEntry entry : tar.getEntries()) {
                String name = entry.getName();
                if (!entry.isFile() || !name.endsWith(SUFFIX)) {
                    throw new InvalidShardException("Shard " + key + " holds " + name + ", not an image");
                }
                int from = Math.toIntExact(entry.getDataOffset());
                byte[] png = Arrays.copyOfRange(shard, from, Math.toIntExact(from + entry.getSize()));
                out.put(name.substring(0, name.length() - SUFFIX.length()),
                        new Image(new StoredBlob(key, Sha256.hex(png), png.length, from), png));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidShardException invalid) {
                throw invalid;
            }
            throw new InvalidShardException("Shard " + key + " is not a readable tar archive: " + e.getMessage());
        }
        if (out.isEmpty()) {
            // tar reads bytes shorter than a header as an empty archive; a shard always holds images
            throw new InvalidShardException("Shard " + key + " holds no image (" + shard.length + " bytes)");
        }
        return out;
    }

    /**
     * One image of a shard.
     *
     * @param blob its range of the shard
     * @param png  its bytes
     */
    public record Image(StoredBlob blob, byte[] png) {
    }

    /**
     * Bytes where a prompt's shard was expected that are not one, or lack one of its images: the prompt cannot be
     * announced with the bytes an earlier attempt may have announced, so it goes to the dead-letter topic with this
     * reason rather than being drawn again.
     */
    public static final class InvalidShardException extends IllegalStateException implements RecordFault {
        public InvalidShardException(String message) {
            super(message);
        }
    }
}
