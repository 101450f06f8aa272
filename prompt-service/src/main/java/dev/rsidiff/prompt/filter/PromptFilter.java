package dev.rsidiff.prompt.filter;

/** One per-prompt filter of the prompt pool (clarity, specificity; an LLM judge would be another). */
public interface PromptFilter {

    String name();

    FilterVerdict judge(String prompt);
}
