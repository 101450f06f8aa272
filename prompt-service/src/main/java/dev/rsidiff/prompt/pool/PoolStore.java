package dev.rsidiff.prompt.pool;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.protocol.Manifests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A run's pool and rejections, and its rounds' prompt sets, as JSON lines in the object store. */
public final class PoolStore {

    static final String POOL = "pool.jsonl";
    static final String REJECTED = "rejected.jsonl";

    private final BlobStore blobs;

    public PoolStore(BlobStore blobs) {
        this.blobs = blobs;
    }

    public void save(String runId, PromptPool pool) {
        // Rejections first: a pool that exists is complete with its rejections.
        put(BlobKeys.promptPool(runId, REJECTED), pool.rejected());
        put(BlobKeys.promptPool(runId, POOL), pool.kept());
    }

    public Optional<List<PoolPrompt>> pool(String runId) {
        return read(BlobKeys.promptPool(runId, POOL), PoolPrompt.class);
    }

    public StoredBlob saveRound(String runId, int round, List<RoundPrompt> prompts) {
        return put(BlobKeys.roundPromptSet(runId, round), prompts);
    }

    public Optional<List<RoundPrompt>> round(String runId, int round) {
        return read(BlobKeys.roundPromptSet(runId, round), RoundPrompt.class);
    }

    public Optional<StoredBlob> roundBlob(String runId, int round) {
        return blobs.readIfExists(BlobKeys.roundPromptSet(runId, round)).map(BlobStore.Found::blob);
    }

    private StoredBlob put(BlobKey key, List<?> rows) {
        StringBuilder out = new StringBuilder();
        for (Object row : rows) {
            out.append(Manifests.toJsonLine(row)).append('\n');
        }
        return blobs.put(key, out.toString().getBytes(StandardCharsets.UTF_8), "application/jsonl");
    }

    private <T> Optional<List<T>> read(BlobKey key, Class<T> type) {
        return blobs.readIfExists(key).map(found -> {
            List<T> rows = new ArrayList<>();
            for (String line : new String(found.bytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(Manifests.fromJson(line, type, "line in " + key.value()));
                }
            }
            return rows;
        });
    }

    /**
     * A prompt of a round's set P_i.
     *
     * @param promptId  its id
     * @param index     its index in the round
     * @param text      the prompt
     * @param clusterId its diversity cluster
     * @param scores    its filter scores
     */
    public record RoundPrompt(String promptId, int index, String text, int clusterId, java.util.Map<String, Double> scores) {
    }
}
