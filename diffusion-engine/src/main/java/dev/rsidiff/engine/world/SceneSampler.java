package dev.rsidiff.engine.world;

import java.util.Optional;
import java.util.SplittableRandom;

/** Draws random scenes: the same seed gives the same scenes. */
public final class SceneSampler {

    /** Probability that a scene has a second object. */
    public static final double SECOND_OBJECT_PROBABILITY = 0.25;

    private final SplittableRandom random;

    public SceneSampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Scene next() {
        Colour background = pick(Colour.values());
        SceneObject primary = object(background, pick(SizeClass.values()), pick(Region.values()));
        Optional<SceneObject> secondary = Optional.empty();
        if (random.nextDouble() < SECOND_OBJECT_PROBABILITY) {
            Region region;
            do {
                region = pick(Region.values());
            } while (region == primary.region());
            secondary = Optional.of(object(background, SizeClass.SMALL, region));
        }
        return new Scene(background, primary, secondary);
    }

    /** A scene with exactly these attributes (jitter and rotation still random). */
    public Scene with(Colour background, ShapeKind shape, Colour colour, SizeClass size, Region region) {
        return new Scene(background, new SceneObject(shape, colour, size, region,
                jitter(), jitter(), random.nextDouble() * Math.PI * 2), Optional.empty());
    }

    private SceneObject object(Colour background, SizeClass size, Region region) {
        Colour colour;
        do {
            colour = pick(Colour.values());
        } while (colour == background);
        return new SceneObject(pick(ShapeKind.values()), colour, size, region, jitter(), jitter(),
                random.nextDouble() * Math.PI * 2);
    }

    private double jitter() {
        return (random.nextDouble() - 0.5) * 0.08;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A uniform integer in [0, bound) from this sampler's stream. */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public double nextDouble() {
        return random.nextDouble();
    }
}
