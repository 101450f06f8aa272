package dev.rsidiff.control;

import dev.rsidiff.engine.ckpt.BaseModel;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.config.InvalidRunConfigException;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.scorers.ScorerRegistry;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the services will accept, checked before a run is published: the settings' own rules ({@link RunConfigs#validate}),
 * scorers the scorer service can open, and a base checkpoint that exists. A run that would stall or fail in its
 * first round is refused here, naming the setting and the allowed values.
 */
final class RunAdmission {

    private RunAdmission() {
    }

    /**
     * @param publishedCheckpoints ids of the checkpoints published so far (the base model is always there)
     * @throws InvalidRunConfigException naming the first setting the services would refuse
     */
    static RunConfig admit(RunConfig config, Set<String> publishedCheckpoints) {
        checkSettings(config);
        String base = config.getBaseCheckpointId();
        if (!base.equals(BaseModel.ID) && !publishedCheckpoints.contains(base)) {
            Set<String> known = new TreeSet<>(publishedCheckpoints);
            known.add(BaseModel.ID);
            throw new InvalidRunConfigException("baseCheckpointId " + base + " has not been published; known: " + known);
        }
        return config;
    }

    /** Everything that can be checked without the event log: the settings' rules and the scorers. */
    static RunConfig checkSettings(RunConfig config) {
        RunConfigs.validate(config);
        for (String spec : config.getScorers()) {
            Optional<String> problem = ScorerRegistry.problemWith(spec);
            if (problem.isPresent()) {
                throw new InvalidRunConfigException("scorers: " + problem.get());
            }
        }
        return config;
    }
}
