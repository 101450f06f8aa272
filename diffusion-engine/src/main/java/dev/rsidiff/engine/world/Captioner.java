package dev.rsidiff.engine.world;

import java.util.SplittableRandom;

/** Writes captions of a chosen specificity for scenes, with a little variety in word order. */
public final class Captioner {

    private static final String[] VAGUE = {"a shape", "an object", "a picture", "something"};

    private Captioner() {
    }

    public static String caption(Scene scene, Specificity level, SplittableRandom random) {
        SceneObject o = scene.primary();
        String bg = "on " + article(scene.background().word()) + " " + scene.background().word() + " background";
        return switch (level) {
            case VAGUE -> VAGUE[random.nextInt(VAGUE.length)];
            case SHAPE -> random.nextBoolean() ? withArticle(o.shape().word())
                    : withArticle(o.colour().word() + " shape");
            case COLOURED -> withArticle(o.colour().word() + " " + o.shape().word());
            case BACKGROUND -> withArticle(o.colour().word() + " " + o.shape().word()) + " " + bg;
            case DETAILED -> detailed(o, bg, random);
            case FULL -> scene.secondary()
                    .map(s -> detailed(o, bg, random) + " and " + withArticle(s.describe()) + " " + s.region().phrase())
                    .orElseGet(() -> detailed(o, bg, random));
        };
    }

    /** The most specific caption: every attribute of the scene. */
    public static String full(Scene scene) {
        return caption(scene, Specificity.FULL, new SplittableRandom(0));
    }

    private static String detailed(SceneObject o, String bg, SplittableRandom random) {
        String object = withArticle(o.describe());
        return random.nextBoolean()
                ? object + " " + o.region().phrase() + " " + bg
                : object + " " + bg + " " + o.region().phrase();
    }

    static String withArticle(String phrase) {
        return article(phrase) + " " + phrase;
    }

    static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }
}
