package dev.rsidiff.engine.model;

import dev.rsidiff.engine.world.Lexicon;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The architecture of a model: everything that must match for a checkpoint's weights to fit. Serialised into every
 * checkpoint's header.
 *
 * @param imageSize      side of the square RGB images (32 or 64)
 * @param latentChannels channels of the autoencoder's latent (spatial size imageSize / 4)
 * @param aeChannels     autoencoder width at full resolution (twice that below)
 * @param baseChannels   denoiser width at latent resolution
 * @param midChannels    denoiser width at half latent resolution
 * @param condDim        width of the conditioning vector (timestep + text)
 * @param textDim        width of the text encoder's token vectors (what cross-attention attends to)
 * @param textLayers     transformer layers of the text encoder
 * @param textHidden     width of the MLP inside each text encoder layer
 * @param textHeads      attention heads, in the text encoder and in the denoiser's cross-attention
 * @param maxTokens      token positions (longer prompts are truncated)
 * @param vocabulary     known words, in token-id order after the special tokens
 * @param timesteps      diffusion timesteps T
 * @param prediction     what the denoiser predicts ("v")
 * @param conditioning   how text reaches the denoiser: {@link #CROSS_ATTENTION} (per-token transformer output,
 *                       cross-attention in the UNet, pooled vector through FiLM) or {@link #POOLED_FILM} (the first
 *                       G0's architecture: one pooled vector from a flattened-sequence MLP, FiLM only; checkpoints
 *                       written before this field existed have it)
 */
public record ModelConfig(int imageSize, int latentChannels, int aeChannels, int baseChannels, int midChannels,
                          int condDim, int textDim, int textLayers, int textHidden, int textHeads, int maxTokens,
                          List<String> vocabulary, int timesteps, String prediction, String conditioning) {

    public static final String CROSS_ATTENTION = "cross-attention";
    public static final String POOLED_FILM = "pooled-film";

    public ModelConfig {
        if (conditioning == null) {
            conditioning = POOLED_FILM;
        }
        if (!CROSS_ATTENTION.equals(conditioning) && !POOLED_FILM.equals(conditioning)) {
            throw new IllegalArgumentException("conditioning must be " + CROSS_ATTENTION + " or " + POOLED_FILM
                    + ", got '" + conditioning + "'");
        }
        if (imageSize != 32 && imageSize != 64) {
            throw new IllegalArgumentException("imageSize must be 32 or 64, got " + imageSize);
        }
        if (!"v".equals(prediction)) {
            throw new IllegalArgumentException("Only v-prediction is implemented, got prediction '" + prediction + "'");
        }
        if (textLayers < 1) {
            throw new IllegalArgumentException("textLayers must be >= 1, got " + textLayers);
        }
        if (crossAttention(conditioning) && (textHeads < 1 || textDim % textHeads != 0 || baseChannels % textHeads != 0 || midChannels % textHeads != 0)) {
            throw new IllegalArgumentException("textHeads must be >= 1 and divide textDim, baseChannels and midChannels,"
                    + " got " + textHeads + " for " + textDim + ", " + baseChannels + ", " + midChannels);
        }
        vocabulary = List.copyOf(vocabulary);
    }

    /**
     * The embedded default's architecture for the given image size. 24 token positions hold the world's longest
     * caption (two objects, every attribute) whole.
     */
    public static ModelConfig defaults(int imageSize) {
        return new ModelConfig(imageSize, 4, 32, 64, 128, 128, 64, 2, 256, 4, 24, Lexicon.words(), 1000, "v",
                CROSS_ATTENTION);
    }

    public boolean crossAttention() {
        return crossAttention(conditioning);
    }

    private static boolean crossAttention(String conditioning) {
        return CROSS_ATTENTION.equals(conditioning);
    }

    public int latentSize() {
        return imageSize / 4;
    }

    /** "field: this vs other" for every field that differs; empty when the architectures match. */
    public List<String> differencesFrom(ModelConfig other) {
        List<String> out = new ArrayList<>();
        for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
            try {
                Object a = c.getAccessor().invoke(this);
                Object b = c.getAccessor().invoke(other);
                if (!Objects.equals(a, b)) {
                    out.add(c.getName() + ": " + a + " vs " + b);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
