package dev.rsidiff.protocol.config;

import dev.rsidiff.engine.sample.SamplerSettings;
import dev.rsidiff.events.common.GuidanceSchedule;
import dev.rsidiff.events.image.SamplingSettings;
import dev.rsidiff.events.run.RunConfig;

/** A run's sampling settings, for the engine and as recorded in image events. */
public final class RunSampling {

    private RunSampling() {
    }

    public static SamplerSettings engine(SamplingSettings s, int batchSize) {
        SamplerSettings d = SamplerSettings.defaults();
        return new SamplerSettings(s.getSteps(), s.getGuidanceScale(), schedule(s.getGuidanceSchedule()),
                s.getGuidanceAlpha(), d.clipLatent(), batchSize);
    }

    public static SamplingSettings recorded(RunConfig c) {
        return SamplingSettings.newBuilder()
                .setSampler(c.getSampler())
                .setSteps(c.getSamplingSteps())
                .setGuidanceScale(c.getGuidanceScale())
                .setGuidanceSchedule(c.getGuidanceSchedule())
                .setGuidanceAlpha(c.getGuidanceAlpha())
                .build();
    }

    /** The engine's schedule; EXPONENTIAL_DECAY is ReDiFine's schedule under its older name. */
    static dev.rsidiff.engine.schedule.GuidanceSchedule schedule(GuidanceSchedule s) {
        return switch (s) {
            case CONSTANT -> dev.rsidiff.engine.schedule.GuidanceSchedule.CONSTANT;
            case EXPONENTIAL_DECAY, STRONG_EARLY -> dev.rsidiff.engine.schedule.GuidanceSchedule.STRONG_EARLY;
            case STRONG_LATE -> dev.rsidiff.engine.schedule.GuidanceSchedule.STRONG_LATE;
        };
    }
}
