package dev.rsidiff.protocol;

/**
 * A stage that collects a round's items before it acts (weighting collects scores, training collects weights) and
 * can finish the rounds whose last items never came ({@link OpenRounds}).
 */
public interface RoundCollector {

    /** Completes every open round that has received nothing for the grace period, without its missing items. */
    void completeOverdue();
}
