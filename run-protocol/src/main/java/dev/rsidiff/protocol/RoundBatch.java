package dev.rsidiff.protocol;

import dev.rsidiff.bus.listen.FailurePolicy;
import dev.rsidiff.events.common.EventMeta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A consumed batch taken round by round, as a stage that collects a round's events in batches takes it (the
 * weighting service's scores): each round's events together, so that a round costs the store one question and one
 * write per batch rather than per event, and a round that fails on its own merits (an unknown run) hands its events
 * back to be dead-lettered without holding up the batch's other rounds.
 */
public final class RoundBatch {

    /** What a stage does with one round's events of a batch. */
    @FunctionalInterface
    public interface RoundWork<T> {
        void accept(String runId, int round, List<T> events);
    }

    private RoundBatch() {
    }

    /**
     * Hands each round's events to {@code work}, rounds in the order they first appear in the batch.
     *
     * @return the events of each round whose work failed on its own merits ({@link FailurePolicy#isRecordFault}),
     *         each with why; any other failure is thrown, and the batch is retried
     */
    public static <T> Map<T, RuntimeException> byRound(List<T> events, Function<T, EventMeta> metaOf,
                                                       RoundWork<T> work) {
        Map<OpenRounds.RoundRef, List<T>> byRound = new LinkedHashMap<>();
        for (T e : events) {
            EventMeta meta = metaOf.apply(e);
            byRound.computeIfAbsent(new OpenRounds.RoundRef(meta.getRunId(), meta.getRound()), r -> new ArrayList<>())
                    .add(e);
        }
        Map<T, RuntimeException> rejected = new LinkedHashMap<>();
        byRound.forEach((r, roundEvents) -> {
            try {
                work.accept(r.runId(), r.round(), roundEvents);
            } catch (RuntimeException e) {
                if (!FailurePolicy.isRecordFault(e)) {
                    throw e;
                }
                roundEvents.forEach(x -> rejected.put(x, e));
            }
        });
        return rejected;
    }
}
