package dev.rsidiff.scorers.model;

import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.text.PooledTextEncoder;

/**
 * The engine's pooled text encoder, sized for a scorer's embedding (trained separately, own weights). Its sizes are
 * fixed here, not taken from the diffusion model's defaults, so a change of the generator's text encoder leaves
 * the scorers' shipped weights loadable.
 */
final class TextTower {

    private TextTower() {
    }

    static PooledTextEncoder create(Params p, int outDim) {
        ModelConfig d = ModelConfig.defaults(ScorerModel.IMAGE_SIZE);
        ModelConfig text = new ModelConfig(d.imageSize(), d.latentChannels(), d.aeChannels(), d.baseChannels(),
                d.midChannels(), outDim, 32, 2, 256, 0, 16, d.vocabulary(), d.timesteps(), d.prediction(),
                ModelConfig.POOLED_FILM);
        return new PooledTextEncoder(p, text);
    }
}
