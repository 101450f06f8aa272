package dev.rsidiff.engine.world;

/** How much a caption says about its scene, from nothing to everything. */
public enum Specificity {
    /** "a shape" */
    VAGUE,
    /** "a circle" or "a red shape" */
    SHAPE,
    /** "a red circle" */
    COLOURED,
    /** "a red circle on a blue background" */
    BACKGROUND,
    /** "a small red circle at the top left on a blue background" */
    DETAILED,
    /** DETAILED plus the second object, if the scene has one */
    FULL
}
