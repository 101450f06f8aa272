package dev.rsidiff.engine.world;

/**
 * Which combinations of (shape, object colour, background colour) are held out for evaluation. The loop's prompt
 * corpus never contains a prompt that names a held-out combination, so held-out metrics measure generalisation,
 * not memorised prompts. The split is a fixed arithmetic rule over the attribute indices (about one combination in
 * seven), so it needs no stored list and cannot drift between the corpus and the evaluator.
 */
public final class HeldOutSplit {

    private static final int MODULUS = 7;

    private HeldOutSplit() {
    }

    public static boolean isHeldOut(ShapeKind shape, Colour colour, Colour background) {
        return (shape.ordinal() * 3 + colour.ordinal() * 5 + background.ordinal() * 2) % MODULUS == 0;
    }

    public static boolean isHeldOut(Scene scene) {
        return isHeldOut(scene.primary().shape(), scene.primary().colour(), scene.background());
    }
}
