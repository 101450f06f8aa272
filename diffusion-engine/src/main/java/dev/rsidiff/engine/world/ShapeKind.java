package dev.rsidiff.engine.world;

/** Object shapes of the shapes world. */
public enum ShapeKind {
    CIRCLE("circle"), SQUARE("square"), TRIANGLE("triangle"), STAR("star"), RING("ring"), CROSS("cross");

    private final String word;

    ShapeKind(String word) {
        this.word = word;
    }

    /** The word captions use. */
    public String word() {
        return word;
    }
}
