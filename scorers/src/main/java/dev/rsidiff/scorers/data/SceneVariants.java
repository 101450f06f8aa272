package dev.rsidiff.scorers.data;

import dev.rsidiff.engine.world.Captioner;
import dev.rsidiff.engine.world.PromptAttributes;
import dev.rsidiff.engine.world.Specificity;
import java.util.List;

import dev.rsidiff.engine.world.Colour;
import dev.rsidiff.engine.world.Region;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneObject;
import dev.rsidiff.engine.world.ShapeKind;
import dev.rsidiff.engine.world.SizeClass;

import java.util.Optional;
import java.util.SplittableRandom;

/** Scenes that differ from a given one in exactly one attribute of the main object or the background. */
public final class SceneVariants {

    /** One softening for a scene and all its candidate look-alikes, so they differ only by shape. */
    private static final long LOOKALIKE_SOFTENING_SEED = 1;

    private SceneVariants() {
    }

    /** The same scene with one attribute changed (shape, colour, size, region or background), second object dropped. */
    public static Scene oneAttributeChanged(Scene scene, SplittableRandom random) {
        SceneObject o = scene.primary();
        for (int attempt = 0; attempt < 100; attempt++) {
            int which = random.nextInt(5);
            ShapeKind shape = which == 0 ? other(ShapeKind.values(), o.shape(), random) : o.shape();
            Colour colour = which == 1 ? other(Colour.values(), o.colour(), random) : o.colour();
            SizeClass size = which == 2 ? other(SizeClass.values(), o.size(), random) : o.size();
            Region region = which == 3 ? other(Region.values(), o.region(), random) : o.region();
            Colour background = which == 4 ? other(Colour.values(), scene.background(), random) : scene.background();
            if (colour != background) {
                return new Scene(background, new SceneObject(shape, colour, size, region, o.jitterX(), o.jitterY(),
                        o.rotation()), Optional.empty());
            }
        }
        throw new IllegalStateException("No variant found for " + scene);
    }

    /** The same scene with another shape, second object dropped. */
    public static Scene shapeChanged(Scene scene, SplittableRandom random) {
        return withShape(scene, other(ShapeKind.values(), scene.primary().shape(), random));
    }

    /** The scene's main object drawn as {@code shape}, everything else kept, second object dropped. */
    private static Scene withShape(Scene scene, ShapeKind shape) {
        SceneObject o = scene.primary();
        return new Scene(scene.background(), new SceneObject(shape, o.colour(), o.size(), o.region(), o.jitterX(),
                o.jitterY(), o.rotation()), Optional.empty());
    }

    /**
     * The same scene with the other shape that looks most like this one once blurred as the model draws it: the
     * other shape whose render, softened alike ({@link ModelLikeSoftening}, one seed for all), is nearest in pixels
     * to this scene's. On the base model's samples a star passes for a triangle and a ring for a disc far more often
     * than any two shapes do at random; this is that hardest shape change, found from the world's own geometry per
     * scene (size, position and rotation change which shape is nearest), so no judge of samples is involved.
     */
    public static Scene lookalikeShapeChanged(Scene scene, SceneRenderer renderer) {
        float[] self = softened(scene, renderer);
        Scene nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (ShapeKind shape : ShapeKind.values()) {
            if (shape == scene.primary().shape()) {
                continue;
            }
            Scene candidate = withShape(scene, shape);
            float[] other = softened(candidate, renderer);
            double d = 0;
            for (int i = 0; i < self.length; i++) {
                d += (self[i] - other[i]) * (self[i] - other[i]);
            }
            if (d < best) {
                best = d;
                nearest = candidate;
            }
        }
        return nearest;
    }

    private static float[] softened(Scene scene, SceneRenderer renderer) {
        int size = renderer.size();
        return ModelLikeSoftening.apply(Images.toChw(renderer.render(scene)), size, scene.background(),
                scene.primary().colour(), new SplittableRandom(LOOKALIKE_SOFTENING_SEED));
    }

    /** The caption levels the loop's prompt pool admits (its specificity filter keeps two named attributes or more). */
    public static final List<Specificity> ADMITTED = List.of(Specificity.COLOURED, Specificity.BACKGROUND,
            Specificity.DETAILED, Specificity.FULL);

    /**
     * A pool-admitted caption level at which captions of {@code a} and {@code b} name different attributes, so that
     * the caption of one is a hard negative for the other; drawn at random among such levels.
     */
    public static Specificity levelTellingApart(Scene a, Scene b, SplittableRandom random) {
        List<Specificity> levels = ADMITTED.stream().filter(l -> !named(a, l).equals(named(b, l))).toList();
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("No caption level tells " + a + " from " + b);
        }
        return levels.get(random.nextInt(levels.size()));
    }

    private static java.util.Map<PromptAttributes.Attribute, Object> named(Scene scene, Specificity level) {
        return PromptAttributes.parse(Captioner.caption(scene, level, new SplittableRandom(0))).named();
    }

    /** The scene without its second object. */
    public static Scene single(Scene scene) {
        return new Scene(scene.background(), scene.primary(), Optional.empty());
    }

    private static <T> T other(T[] values, T current, SplittableRandom random) {
        T v;
        do {
            v = values[random.nextInt(values.length)];
        } while (v.equals(current));
        return v;
    }
}
