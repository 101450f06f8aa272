package dev.rsidiff.scorers.model;

import dev.rsidiff.engine.model.ModelConfig;
import dev.rsidiff.engine.nn.Params;
import dev.rsidiff.engine.text.TextEncoder;

/** The engine's text encoder architecture, sized for a scorer's embedding (trained separately, own weights). */
final class TextTower {

    private TextTower() {
    }

    static TextEncoder create(Params p, int outDim) {
        ModelConfig d = ModelConfig.defaults(ScorerModel.IMAGE_SIZE);
        ModelConfig text = new ModelConfig(d.imageSize(), d.latentChannels(), d.aeChannels(), d.baseChannels(),
                d.midChannels(), outDim, d.textDim(), d.textLayers(), d.textHidden(), d.maxTokens(), d.vocabulary(),
                d.timesteps(), d.prediction());
        return new TextEncoder(p, text);
    }
}
