package dev.rsidiff.engine.world;

/** Named colours of the shapes world, chosen to be far apart in RGB so a classifier (or a person) can tell them. */
public enum Colour {
    RED("red", 220, 40, 40),
    GREEN("green", 40, 170, 60),
    BLUE("blue", 40, 80, 220),
    YELLOW("yellow", 240, 220, 40),
    ORANGE("orange", 245, 140, 30),
    PURPLE("purple", 140, 60, 190),
    PINK("pink", 245, 140, 200),
    CYAN("cyan", 50, 210, 220),
    WHITE("white", 245, 245, 245),
    BLACK("black", 25, 25, 25);

    private final String word;
    private final int r;
    private final int g;
    private final int b;

    Colour(String word, int r, int g, int b) {
        this.word = word;
        this.r = r;
        this.g = g;
        this.b = b;
    }

    public String word() {
        return word;
    }

    public java.awt.Color awt() {
        return new java.awt.Color(r, g, b);
    }

    public int rgb() {
        return (r << 16) | (g << 8) | b;
    }
}
