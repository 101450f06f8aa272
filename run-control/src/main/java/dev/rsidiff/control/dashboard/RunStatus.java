package dev.rsidiff.control.dashboard;

import dev.rsidiff.control.BestOfRun;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One run as the runs page shows it.
 *
 * @param started         when its start event was written (null if that event was not read)
 * @param firstRound      its first round (the base is evaluated as {@code firstRound - 1})
 * @param lastRound       its last planned round (-1 if unknown)
 * @param evaluatedRounds its rounds evaluated so far, the base not counted
 * @param evaluations     its evaluation events read, the base's included
 * @param weightedRounds  its rounds whose weights were announced (their weight manifests are stored)
 * @param state           where it stands, e.g. {@code round 2 generating/scoring  prompts 64/64  images 12/256 ...}
 * @param done            whether it finished or stopped early
 * @param deadLetters     its dead-lettered events
 * @param best            the best round its latest evaluation named (null before any)
 * @param eta             time left at the pace of its rounds so far (null when unknown or done)
 * @param reviewRounds    its rounds whose selection awaits a person's approval (runs with the review gate)
 */
public record RunStatus(String runId, Instant started, int firstRound, int lastRound, int evaluatedRounds,
                        int evaluations, int weightedRounds, String state, boolean done, int deadLetters, BestOfRun best,
                        Duration eta, List<Integer> reviewRounds) {

    public RunStatus {
        reviewRounds = List.copyOf(reviewRounds);
    }
}
