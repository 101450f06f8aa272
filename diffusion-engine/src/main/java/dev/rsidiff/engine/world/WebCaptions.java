package dev.rsidiff.engine.world;

import java.util.SplittableRandom;

/**
 * Captions as the web writes them, for pretraining the base model: often incomplete and sometimes wrong. A real
 * base model follows specific prompts imperfectly because its training captions (alt text) leave out where things
 * are, how big they are or what is behind them, and now and then name the wrong thing; this reproduces that, so G0
 * has honest headroom for the loop to close (the capacity check shows the architecture can close it).
 *
 * <p>Per scene, independently: the object's colour is always named; its shape is named with probability
 * {@link #SHAPE_NAMED} ("a red shape" otherwise) and, when named, is another shape with probability
 * {@link #SHAPE_WRONG}; its size with {@link #SIZE_NAMED}; its region with {@link #REGION_NAMED}, and then another
 * region with {@link #REGION_WRONG}; the background with {@link #BACKGROUND_NAMED}; a second object, if any, with
 * {@link #SECOND_NAMED}. Colours are never wrong, so G0 follows colours and backgrounds well.
 */
public final class WebCaptions implements SceneCaptions {

    public static final double SHAPE_NAMED = 0.8;
    public static final double SHAPE_WRONG = 0.3;
    public static final double SIZE_NAMED = 0.4;
    public static final double REGION_NAMED = 0.5;
    public static final double REGION_WRONG = 0.35;
    public static final double BACKGROUND_NAMED = 0.75;
    public static final double SECOND_NAMED = 0.3;

    @Override
    public String caption(Scene scene, SplittableRandom random) {
        SceneObject o = scene.primary();
        StringBuilder text = new StringBuilder();
        if (random.nextDouble() < SIZE_NAMED) {
            text.append(o.size().word()).append(' ');
        }
        text.append(o.colour().word()).append(' ');
        if (random.nextDouble() < SHAPE_NAMED) {
            text.append(random.nextDouble() < SHAPE_WRONG ? other(o.shape(), ShapeKind.values(), random).word()
                    : o.shape().word());
        } else {
            text.append("shape");
        }
        StringBuilder caption = new StringBuilder(Captioner.withArticle(text.toString()));
        if (random.nextDouble() < REGION_NAMED) {
            Region region = random.nextDouble() < REGION_WRONG ? other(o.region(), Region.values(), random) : o.region();
            caption.append(' ').append(region.phrase());
        }
        if (random.nextDouble() < BACKGROUND_NAMED) {
            String bg = scene.background().word();
            caption.append(" on ").append(Captioner.article(bg)).append(' ').append(bg).append(" background");
        }
        scene.secondary().filter(s -> random.nextDouble() < SECOND_NAMED).ifPresent(s ->
                caption.append(" and ").append(Captioner.withArticle(s.describe())).append(' ').append(s.region().phrase()));
        return caption.toString();
    }

    private static <E extends Enum<E>> E other(E actual, E[] all, SplittableRandom random) {
        E pick = all[random.nextInt(all.length - 1)];
        return pick.ordinal() >= actual.ordinal() ? all[pick.ordinal() + 1] : pick;
    }
}
