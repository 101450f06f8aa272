package dev.rsidiff.engine.world;

/** The 3x3 grid of image regions an object's centre falls in. */
public enum Region {
    TOP_LEFT("at the top left", 0, 0), TOP("at the top", 1, 0), TOP_RIGHT("at the top right", 2, 0),
    LEFT("on the left", 0, 1), CENTER("in the center", 1, 1), RIGHT("on the right", 2, 1),
    BOTTOM_LEFT("at the bottom left", 0, 2), BOTTOM("at the bottom", 1, 2), BOTTOM_RIGHT("at the bottom right", 2, 2);

    /** Region centres as fractions of the side: inset from the thirds' centres so large objects mostly fit. */
    private static final double[] CENTRES = {0.24, 0.5, 0.76};

    private final String phrase;
    private final int column;
    private final int row;

    Region(String phrase, int column, int row) {
        this.phrase = phrase;
        this.column = column;
        this.row = row;
    }

    /** The phrase captions use, e.g. "at the top left". */
    public String phrase() {
        return phrase;
    }

    public int column() {
        return column;
    }

    public int row() {
        return row;
    }

    public double centreX() {
        return CENTRES[column];
    }

    public double centreY() {
        return CENTRES[row];
    }
}
