package dev.rsidiff.prompt;

import dev.rsidiff.runtime.ServiceProcessChecks;

class PromptServiceProcessIT extends ServiceProcessChecks {
    PromptServiceProcessIT() {
        // K-means clusters of the prompt pool
        super("prompt-service", new BadSetting("RSIDIFF_PROMPTS_CLUSTERS", "0", "rsidiff.prompts.clusters=0"));
    }
}
