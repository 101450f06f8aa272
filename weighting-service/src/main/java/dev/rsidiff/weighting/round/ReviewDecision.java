package dev.rsidiff.weighting.round;

import java.util.List;

/**
 * The decision on a reviewed round that counts, stored once as the round's {@code review.json}: the first
 * approval, or the timeout's decision to proceed without one.
 *
 * @param reviewer         who approved (empty when the run proceeded unreviewed)
 * @param excludedImageIds the selected samples rejected
 * @param note             the reviewer's comment
 * @param decidedAt        when (ISO-8601): the approval event's time, or the deadline's
 * @param eventId          the approval event's id (empty when the run proceeded unreviewed)
 * @param timedOut         whether nobody approved before the deadline and the run proceeded
 */
record ReviewDecision(String reviewer, List<String> excludedImageIds, String note, String decidedAt, String eventId,
                      boolean timedOut) {

    ReviewDecision {
        excludedImageIds = excludedImageIds == null ? List.of() : List.copyOf(excludedImageIds);
    }
}
