package dev.rsidiff.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.rsidiff.engine.ckpt.CheckpointException;

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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain weight files for the smaller models (scorers, evaluator): magic "RSIDWGTS", then per tensor its name, rank,
 * dimensions and float32 values, then the SHA-256 of everything before it. The version of a weight file is the
 * start of that hash, so a model's version changes whenever its weights do.
 */
public final class ParamsIO {

    private static final byte[] MAGIC = "RSIDWGTS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_LENGTH = 12;

    private ParamsIO() {
    }

    /** The version of a weight file: the first 12 hex digits of its SHA-256. */
    public static String version(String sha256) {
        return sha256.substring(0, VERSION_LENGTH);
    }

    /**
     * Loads weights shipped as a classpath resource into {@code params}; returns their version. Missing weights
     * are an IllegalStateException that says how to make them.
     */
    public static String readResource(String resource, Params params, String what, String howToMake) {
        try (InputStream in = ParamsIO.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(what + " has no shipped weights (" + resource + "); " + howToMake);
            }
            return version(read(in, params, what));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Reading the weights of " + what + " failed", e);
        }
    }

    /** Writes every parameter; returns the file's SHA-256. */
    public static String write(Params params, OutputStream out) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        data.write(MAGIC);
        data.writeInt(params.all().size());
        for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
            data.writeUTF(e.getKey());
            long[] shape = e.getValue().getShape().getShape();
            data.writeInt(shape.length);
            for (long d : shape) {
                data.writeLong(d);
            }
            float[] values = e.getValue().toFloatArray();
            ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            data.write(buffer.array());
        }
        data.flush();
        byte[] bytes = body.toByteArray();
        byte[] hash = sha256().digest(bytes);
        out.write(bytes);
        out.write(hash);
        out.flush();
        return HexFormat.of().formatHex(hash);
    }

    /**
     * Reads a weight file into {@code params}, which must have exactly the same names and shapes; returns the
     * file's SHA-256.
     */
    public static String read(InputStream in, Params params, String what) throws IOException {
        byte[] all = in.readAllBytes();
        if (all.length < MAGIC.length + 32 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new CheckpointException(what + " is not a weight file (no RSIDWGTS header)");
        }
        byte[] body = Arrays.copyOf(all, all.length - 32);
        byte[] expected = Arrays.copyOfRange(all, all.length - 32, all.length);
        byte[] actual = sha256().digest(body);
        if (!Arrays.equals(expected, actual)) {
            throw new CheckpointException(what + " is corrupted: SHA-256 does not match");
        }
        DataInputStream data = new DataInputStream(new java.io.ByteArrayInputStream(body, MAGIC.length, body.length));
        try {
            int count = data.readInt();
            Map<String, NDArray> target = params.all();
            if (count != target.size()) {
                throw new CheckpointException(what + " has " + count + " tensors, the model has " + target.size());
            }
            Map<String, float[]> values = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = data.readUTF();
                int rank = data.readInt();
                long[] shape = new long[rank];
                long size = 1;
                for (int d = 0; d < rank; d++) {
                    shape[d] = data.readLong();
                    size *= shape[d];
                }
                NDArray param = target.get(name);
                if (param == null) {
                    throw new CheckpointException(what + " has tensor " + name + " that the model does not");
                }
                if (!Arrays.equals(shape, param.getShape().getShape())) {
                    throw new CheckpointException(what + ": tensor " + name + " has shape " + Arrays.toString(shape)
                            + ", the model expects " + param.getShape());
                }
                byte[] raw = new byte[Math.toIntExact(size * Float.BYTES)];
                data.readFully(raw);
                float[] v = new float[Math.toIntExact(size)];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                values.put(name, v);
            }
            try (NDScope scope = new NDScope()) {
                values.forEach((name, v) -> target.get(name).set(v));
            }
        } catch (EOFException e) {
            throw new CheckpointException(what + " is truncated", e);
        }
        return HexFormat.of().formatHex(actual);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
