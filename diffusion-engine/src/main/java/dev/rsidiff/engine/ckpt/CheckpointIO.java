package dev.rsidiff.engine.ckpt;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.train.DiffusionTrainer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint format: a self-describing stream that services put in and read from the object store.
 * <pre>
 *   8 bytes   magic "RSIDCKPT"
 *   4 bytes   header length n (big-endian)
 *   n bytes   header: JSON {@link CheckpointHeader} (architecture, id, parent, step, tensor layout, payload SHA-256)
 *   payload   every tensor's float32 values, little-endian, in header order
 * </pre>
 * Reading verifies the payload's SHA-256 and size against the header; loading into a model verifies the
 * architecture. Either failing is a {@link CheckpointException} that says what differs.
 */
public final class CheckpointIO {

    public static final int FORMAT = 1;
    private static final byte[] MAGIC = "RSIDCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 16 * 1024 * 1024;
    /**
     * The most values a checkpoint may declare (256 MB of float32), checked before anything is allocated: the
     * project's models have about a million. Raise it for a larger architecture.
     */
    static final long MAX_PAYLOAD_FLOATS = 64L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private CheckpointIO() {
    }

    /**
     * Writes the model's weights, and the trainer's state if a trainer is given, to {@code out}.
     *
     * @return the header written (its id is derived from the payload)
     */
    public static CheckpointHeader write(DiffusionModel model, DiffusionTrainer trainerOrNull, String parentId,
                                         String note, OutputStream out) throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>(model.params().all());
        long step = 0;
        if (trainerOrNull != null) {
            trainerOrNull.state().forEach((k, v) -> tensors.put(Checkpoint.TRAINING_PREFIX + k, v));
            step = trainerOrNull.step();
        }
        List<TensorSpec> specs = new ArrayList<>();
        MessageDigest digest = sha256();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DigestOutputStream hashed = new DigestOutputStream(payload, digest)) {
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                specs.add(new TensorSpec(e.getKey(), e.getValue().getShape().getShape()));
                hashed.write(littleEndian(e.getValue().toFloatArray()));
            }
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        CheckpointHeader header = new CheckpointHeader(FORMAT, "ck-" + hash.substring(0, 16), parentId, step,
                Instant.now().toString(), model.config(), specs, hash, note);
        byte[] headerBytes = JSON.writeValueAsBytes(header);
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeInt(headerBytes.length);
        data.write(headerBytes);
        payload.writeTo(data);
        data.flush();
        return header;
    }

    /** Reads and verifies a checkpoint file; {@code null} means the shipped base model G0. */
    public static Checkpoint readFileOrBase(java.nio.file.Path file) throws IOException {
        if (file == null) {
            return BaseModel.load();
        }
        try (InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
            return read(in);
        }
    }

    /** Reads and verifies a checkpoint. */
    public static Checkpoint read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        readFully(data, magic, "magic");
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CheckpointException("Not a checkpoint: the stream does not start with RSIDCKPT");
        }
        int headerLength;
        try {
            headerLength = data.readInt();
        } catch (EOFException e) {
            throw new CheckpointException("Checkpoint truncated in its header length", e);
        }
        if (headerLength <= 0 || headerLength > MAX_HEADER) {
            throw new CheckpointException("Checkpoint header length " + headerLength + " is out of range");
        }
        byte[] headerBytes = new byte[headerLength];
        readFully(data, headerBytes, "header");
        CheckpointHeader header;
        try {
            header = JSON.readValue(headerBytes, CheckpointHeader.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new CheckpointException("Checkpoint header is not valid: " + e.getMessage(), e);
        }
        if (header.format() != FORMAT) {
            throw new CheckpointException("Checkpoint format " + header.format() + " is not supported (this build reads "
                    + FORMAT + ")");
        }
        long declared = 0;
        for (TensorSpec spec : header.tensors()) {
            if (spec.size() < 1 || spec.size() > MAX_PAYLOAD_FLOATS) {
                throw new CheckpointException("Checkpoint " + header.id() + " declares tensor " + spec.name() + " of "
                        + spec.size() + " values; refused before reading (at most " + MAX_PAYLOAD_FLOATS + ")");
            }
            declared += spec.size();
        }
        if (declared > MAX_PAYLOAD_FLOATS) {
            throw new CheckpointException("Checkpoint " + header.id() + " declares " + declared + " values in all; "
                    + "refused before reading (at most " + MAX_PAYLOAD_FLOATS + ")");
        }
        MessageDigest digest = sha256();
        Map<String, float[]> tensors = new LinkedHashMap<>();
        for (TensorSpec spec : header.tensors()) {
            byte[] bytes = new byte[Math.toIntExact(spec.size() * Float.BYTES)];
            readFully(data, bytes, "tensor " + spec.name());
            digest.update(bytes);
            float[] values = new float[Math.toIntExact(spec.size())];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            tensors.put(spec.name(), values);
        }
        if (data.read() != -1) {
            throw new CheckpointException("Checkpoint " + header.id() + " has bytes after its last tensor");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(header.payloadSha256())) {
            throw new CheckpointException("Checkpoint " + header.id() + " is corrupted: payload SHA-256 " + actual
                    + " but the header says " + header.payloadSha256());
        }
        return new Checkpoint(header, tensors);
    }

    private static void readFully(DataInputStream data, byte[] into, String what) throws IOException {
        try {
            data.readFully(into);
        } catch (EOFException e) {
            throw new CheckpointException("Checkpoint truncated in its " + what, e);
        }
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
