package dev.rsidiff.engine.world;

/** Object sizes: the object's extent as a fraction of the image side. */
public enum SizeClass {
    SMALL("small", 0.30), LARGE("large", 0.56);

    private final String word;
    private final double fraction;

    SizeClass(String word, double fraction) {
        this.word = word;
        this.fraction = fraction;
    }

    public String word() {
        return word;
    }

    public double fraction() {
        return fraction;
    }
}
