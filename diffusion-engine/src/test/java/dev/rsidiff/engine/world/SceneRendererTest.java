package dev.rsidiff.engine.world;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SceneRendererTest {

    @Test
    void theSameSeedRendersTheSameImages() {
        SceneRenderer renderer = new SceneRenderer(32);
        SceneSampler a = new SceneSampler(42);
        SceneSampler b = new SceneSampler(42);
        for (int i = 0; i < 50; i++) {
            Scene sa = a.next();
            Scene sb = b.next();
            assertThat(sa).isEqualTo(sb);
            assertThat(Images.png(renderer.render(sa))).isEqualTo(Images.png(renderer.render(sb)));
        }
        assertThat(new SceneSampler(43).next()).isNotEqualTo(new SceneSampler(42).next());
    }

    @Test
    void theFullCaptionNamesEveryAttributeAndThePixelsShowThem() {
        for (int size : new int[]{32, 64}) {
            SceneRenderer renderer = new SceneRenderer(size);
            SceneSampler sampler = new SceneSampler(7);
            for (int i = 0; i < 200; i++) {
                Scene scene = sampler.next();
                SceneObject o = scene.primary();
                String caption = Captioner.full(scene);
                assertThat(caption).contains(o.describe(), o.region().phrase(),
                        "on " + Captioner.article(scene.background().word()) + " " + scene.background().word() + " background");
                scene.secondary().ifPresent(s -> assertThat(caption).contains(s.describe(), s.region().phrase()));

                BufferedImage image = renderer.render(scene);
                assertThat(image.getWidth()).isEqualTo(size);
                // A corner far from both objects shows the background.
                assertThat(mostCommonCorner(image, scene)).isEqualTo(scene.background().rgb());
                // The primary object's own colour is where the object is (a ring's body is off-centre).
                double towardsCentre = o.region().centreX() > 0.5 ? -1 : 1;
                double off = o.shape() == ShapeKind.RING ? towardsCentre * o.size().fraction() * 0.38 : 0;
                int x = (int) Math.round((o.region().centreX() + o.jitterX() + off) * size);
                int y = (int) Math.round((o.region().centreY() + o.jitterY()) * size);
                if (scene.secondary().isEmpty()) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    assertThat(distance(rgb, o.colour().rgb())).as("scene %s at (%d,%d)", scene, x, y)
                            .isLessThan(distance(rgb, scene.background().rgb()));
                }
            }
        }
    }

    @Test
    void captionsRangeFromVagueToFull() {
        Scene scene = new SceneSampler(1).with(Colour.BLUE, ShapeKind.TRIANGLE, Colour.RED, SizeClass.SMALL, Region.TOP_LEFT);
        SplittableRandom r = new SplittableRandom(1);
        assertThat(List.of("a shape", "an object", "a picture", "something"))
                .contains(Captioner.caption(scene, Specificity.VAGUE, r));
        assertThat(Captioner.caption(scene, Specificity.COLOURED, r)).isEqualTo("a red triangle");
        assertThat(Captioner.caption(scene, Specificity.BACKGROUND, r)).isEqualTo("a red triangle on a blue background");
        assertThat(Captioner.caption(scene, Specificity.DETAILED, r)).isIn(
                "a small red triangle at the top left on a blue background",
                "a small red triangle on a blue background at the top left");
    }

    @Test
    void theCorpusHoldsEveryKindOfBadPrompt() {
        List<CorpusPrompt> corpus = PromptCorpus.generate(5, 2000, 0.3);
        assertThat(corpus).hasSize(2000);
        for (PromptKind kind : PromptKind.values()) {
            assertThat(corpus).as("kind %s", kind).anyMatch(p -> p.kind() == kind);
        }
        assertThat(corpus).filteredOn(p -> p.kind() == PromptKind.STYLE_NOISE).allMatch(p -> p.text().contains(", "));
        assertThat(corpus).filteredOn(p -> p.kind() == PromptKind.EMPTY).allMatch(p -> p.text().isBlank());
        assertThat(PromptCorpus.generate(5, 2000, 0.3)).isEqualTo(corpus);
    }

    @Test
    void onlySupportedSizesRender() {
        assertThatThrownBy(() -> new SceneRenderer(48)).hasMessageContaining("48");
    }

    private static double distance(int a, int b) {
        int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
        int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
        int db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    private static int mostCommonCorner(BufferedImage image, Scene scene) {
        int s = image.getWidth() - 1;
        int[][] corners = {{0, 0}, {s, 0}, {0, s}, {s, s}};
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int[] c : corners) {
            counts.merge(image.getRGB(c[0], c[1]) & 0xffffff, 1, Integer::sum);
        }
        return counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
