package dev.rsidiff.engine.world;

/** What kind of prompt a corpus entry is: the ground truth a prompt filter is judged against. */
public enum PromptKind {
    /** A clear caption of some specificity. */
    GOOD,
    /** Says (almost) nothing: "a shape". */
    VAGUE,
    /** Names two values of one attribute: "a red blue circle". */
    CONTRADICTORY,
    /** A good caption with typos: "a rde cirlce". */
    MISSPELLED,
    /** Words outside the world: "a red dragon". */
    UNKNOWN_WORDS,
    /** A good caption drowned in style tags: "..., trending on artstation, 8k". */
    STYLE_NOISE,
    /** Nothing at all. */
    EMPTY
}
