package dev.rsidiff.control.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reviewed round's selection as the weighting service stored it in the round's weight manifest: what the review
 * page shows and what an approval is checked against. Read as JSON, because run control does not link the
 * weighting service's classes; the manifest's fields are its contract.
 *
 * @param status     PENDING, APPROVED or PROCEEDED_UNREVIEWED
 * @param deadline   when the run's onTimeout applies (ISO-8601)
 * @param onTimeout  WAIT or PROCEED
 * @param reviewer   who approved (empty while pending)
 * @param reviewedAt when (empty while pending)
 * @param note       the reviewer's comment
 * @param selected   the samples that are (or, once approved, were kept) selected, best first
 * @param excluded   the samples the review excluded, with who excluded them
 */
public record PendingSelection(String runId, int round, String status, String deadline, String onTimeout,
                               String reviewer, String reviewedAt, String note, List<Sample> selected,
                               List<Sample> excluded) {

    /** One sample with what the selection knew of it; {@code excludedBy} is empty unless the review excluded it. */
    public record Sample(String imageId, String promptText, String imageKey, String imageSha, long imageSize,
                         long imageOffset, int rank, double distance, double weight, Map<String, Double> scores,
                         String excludedBy) {

        StoredBlob image() {
            return new StoredBlob(BlobKey.of(imageKey), imageSha, imageSize, imageOffset);
        }
    }

    public boolean pending() {
        return "PENDING".equals(status);
    }

    /** The sample of this selection (kept or excluded) with {@code imageId}, if any. */
    Optional<Sample> sample(String imageId) {
        return java.util.stream.Stream.concat(selected.stream(), excluded.stream())
                .filter(s -> s.imageId().equals(imageId)).findFirst();
    }

    /** The round's selection, if the run reviews its rounds and the round was selected. */
    static Optional<PendingSelection> read(BlobStore blobs, String runId, int round) {
        BlobKey key = BlobKeys.weightsManifest(runId, round);
        return blobs.readIfExists(key).flatMap(f -> {
            JsonNode m;
            try {
                m = new ObjectMapper().readTree(f.bytes());
            } catch (IOException e) {
                throw new UncheckedIOException("Damaged weight manifest " + key.value() + ": " + e.getMessage(), e);
            }
            JsonNode review = m.path("review");
            if (!review.isObject()) {
                return Optional.empty();
            }
            List<Sample> selected = new ArrayList<>();
            m.path("selected").forEach(s -> selected.add(sample(s, "")));
            List<Sample> excluded = new ArrayList<>();
            review.path("excluded").forEach(x -> excluded.add(sample(x.path("sample"), x.path("excludedBy").asText())));
            return Optional.of(new PendingSelection(runId, round, review.path("status").asText(),
                    review.path("deadline").asText(), review.path("onTimeout").asText(),
                    review.path("reviewer").asText(), review.path("reviewedAt").asText(),
                    review.path("note").asText(), selected, excluded));
        });
    }

    private static Sample sample(JsonNode s, String excludedBy) {
        Map<String, Double> scores = new LinkedHashMap<>();
        s.path("scores").fields().forEachRemaining(e -> scores.put(e.getKey(), e.getValue().asDouble()));
        return new Sample(s.path("imageId").asText(), s.path("promptText").asText(), s.path("imageKey").asText(),
                s.path("imageSha").asText(), s.path("imageSize").asLong(), s.path("imageOffset").asLong(0),
                s.path("rank").asInt(),
                s.path("distance").asDouble(), s.path("weight").asDouble(), scores, excludedBy);
    }
}
