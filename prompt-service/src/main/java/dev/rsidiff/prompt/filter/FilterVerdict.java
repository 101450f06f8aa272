package dev.rsidiff.prompt.filter;

/**
 * A filter's judgement of one prompt.
 *
 * @param filter   the filter's name
 * @param score    its score (meaning is the filter's; recorded in PromptFiltered events)
 * @param accepted whether the prompt passes
 * @param reason   why it was rejected (empty when accepted)
 */
public record FilterVerdict(String filter, double score, boolean accepted, String reason) {

    public static FilterVerdict accept(String filter, double score) {
        return new FilterVerdict(filter, score, true, "");
    }

    public static FilterVerdict reject(String filter, double score, String reason) {
        return new FilterVerdict(filter, score, false, reason);
    }
}
