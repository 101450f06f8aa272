package dev.rsidiff.scorers;

import dev.rsidiff.engine.world.Colour;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.engine.world.PromptAttributes;
import dev.rsidiff.engine.world.Scene;
import dev.rsidiff.engine.world.SceneRenderer;
import dev.rsidiff.engine.world.SceneSampler;
import dev.rsidiff.engine.world.ShapeKind;
import dev.rsidiff.scorers.data.ModelLikeSoftening;
import dev.rsidiff.scorers.data.PairSource;
import dev.rsidiff.scorers.data.SceneVariants;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The alignment scorer's training pairs: what each caption labels, and a softening that keeps the content. */
class ScenePairsTest {

    private static final int SIZE = 32;

    @Test
    void eachCaptionNamesTheAttributeThatTellsItsImageFromTheVariant() {
        // given a batch of scene pairs, half softened, half with the shape changed
        PairSource.CaptionBatch batch = new PairSource(3, null).scenePairs(200, 0.5, 0.5, 0.75);

        // then the i-th caption and the caption of its variant name different attributes
        int n = batch.captions().size() / 2;
        assertThat(batch.pixels()).hasSize(2 * n * 3 * SIZE * SIZE);
        int shapeChanges = 0;
        int softened = 0;
        for (int i = 0; i < n; i++) {
            var mine = PromptAttributes.parse(batch.captions().get(i)).named();
            var theirs = PromptAttributes.parse(batch.captions().get(n + i)).named();
            assertThat(mine).as("pair %d: %s / %s", i, batch.captions().get(i), batch.captions().get(n + i))
                    .isNotEqualTo(theirs);
            shapeChanges += !java.util.Objects.equals(mine.get(PromptAttributes.Attribute.SHAPE),
                    theirs.get(PromptAttributes.Attribute.SHAPE)) ? 1 : 0;
            softened += batch.kinds().get(i).equals("softened") ? 1 : 0;
            assertThat(batch.kinds().get(n + i)).isEqualTo(batch.kinds().get(i));
        }
        // and about half the pairs differ in shape (plus a fifth of the other half), and about half are softened
        assertThat(shapeChanges).isBetween(95, 150);
        assertThat(softened).isBetween(75, 125);
    }

    @Test
    void sceneAndVariantDifferOnlyInShapeWhenTheShapeIsChanged() {
        SceneSampler sampler = new SceneSampler(4);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 100; i++) {
            Scene s = SceneVariants.single(sampler.next());
            Scene v = SceneVariants.shapeChanged(s, random);
            assertThat(v.primary().shape()).isNotEqualTo(s.primary().shape());
            assertThat(v.background()).isEqualTo(s.background());
            assertThat(v.primary().region()).isEqualTo(s.primary().region());
            assertThat(v.primary().colour()).isEqualTo(s.primary().colour());
            assertThat(v.primary().size()).isEqualTo(s.primary().size());
        }
    }

    @Test
    void theLookalikeShapeChangeKeepsEverythingElseAndFindsTheShapesThatBlurIntoEachOther() {
        // given scenes of every shape
        SceneSampler sampler = new SceneSampler(5);
        SceneRenderer renderer = new SceneRenderer(SIZE);
        java.util.Map<ShapeKind, java.util.Map<ShapeKind, Integer>> nearest = new java.util.EnumMap<>(ShapeKind.class);
        for (int i = 0; i < 300; i++) {
            Scene s = SceneVariants.single(sampler.next());

            // when the shape is changed to its look-alike
            Scene v = SceneVariants.lookalikeShapeChanged(s, renderer);

            // then only the shape differs, the same way every time
            assertThat(v.primary().shape()).isNotEqualTo(s.primary().shape());
            assertThat(v.background()).isEqualTo(s.background());
            assertThat(v.primary()).usingRecursiveComparison().ignoringFields("shape").isEqualTo(s.primary());
            assertThat(SceneVariants.lookalikeShapeChanged(s, renderer)).isEqualTo(v);
            nearest.computeIfAbsent(s.primary().shape(), k -> new java.util.EnumMap<>(ShapeKind.class))
                    .merge(v.primary().shape(), 1, Integer::sum);
        }
        // and the geometry finds the pairs the base model confuses: a star's look-alike is a triangle, a ring's a
        // circle (measured on its samples: README of the scorers), not a shape drawn at random
        assertThat(nearest.get(ShapeKind.STAR)).containsOnlyKeys(ShapeKind.TRIANGLE);
        assertThat(nearest.get(ShapeKind.RING)).containsOnlyKeys(ShapeKind.CIRCLE);
    }

    @Test
    void withoutLookalikesTheScenePairsAreTheShippedRecipesDrawForDraw() {
        PairSource.CaptionBatch before = new PairSource(3, null).scenePairs(64, 0.5, 0.5, 0.75);
        PairSource.CaptionBatch none = new PairSource(3, null).scenePairs(64, 0.5, 0.5, 0, 0.75);
        PairSource.CaptionBatch some = new PairSource(3, null).scenePairs(64, 0.5, 0.5, 1, 0.75);

        assertThat(none.pixels()).isEqualTo(before.pixels());
        assertThat(none.captions()).isEqualTo(before.captions());
        assertThat(some.captions()).isNotEqualTo(before.captions());
    }

    @Test
    void softeningIsReproducibleKeepsTheColoursAndMovesFewPixelsFarFromTheRender() {
        // given a render
        Scene scene = SceneVariants.single(new SceneSampler(11).next());
        float[] render = Images.toChw(new SceneRenderer(SIZE).render(scene));
        Colour bg = scene.background();
        Colour fg = scene.primary().colour();

        // when it is softened twice with the same seed
        float[] a = ModelLikeSoftening.apply(render, SIZE, bg, fg, new SplittableRandom(7));
        float[] b = ModelLikeSoftening.apply(render, SIZE, bg, fg, new SplittableRandom(7));

        // then the result is the same, in range, different from the render, and most pixels keep their colour
        assertThat(a).isEqualTo(b).isNotEqualTo(render);
        int plane = SIZE * SIZE;
        int far = 0;
        for (int p = 0; p < plane; p++) {
            double d = 0;
            for (int c = 0; c < 3; c++) {
                assertThat(a[c * plane + p]).isBetween(-1f, 1f);
                d += Math.abs(a[c * plane + p] - render[c * plane + p]);
            }
            far += d > 0.5 ? 1 : 0;
        }
        assertThat(far).as("pixels far from the render").isLessThan(plane / 10);
    }
}
