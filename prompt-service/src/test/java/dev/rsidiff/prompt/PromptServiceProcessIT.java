package dev.rsidiff.prompt;

import dev.rsidiff.runtime.ServiceProcessChecks;

class PromptServiceProcessIT extends ServiceProcessChecks {
    PromptServiceProcessIT() {
        super("prompt-service");
    }
}
