package dev.rsidiff.prompt;

import dev.rsidiff.runtime.ServiceRuntime;

/** Entry point of the prompt service. */
public final class PromptServiceApplication {

    private PromptServiceApplication() {
    }

    public static void main(String[] args) {
        ServiceRuntime.run(PromptServiceApplication.class, args);
    }
}
