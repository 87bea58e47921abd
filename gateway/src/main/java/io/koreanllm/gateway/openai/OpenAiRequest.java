package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.tokenize.Prompt;
import tools.jackson.databind.node.ObjectNode;

/**
 * A validated OpenAI request. The body is kept whole because everything the gateway does not read (temperature,
 * tools, …) goes to the backend untouched.
 *
 * @param prompt what the model is asked to continue, as counting needs it
 * @param maxTokens the client's {@code max_tokens}/{@code max_completion_tokens}, or null when it gave none
 * @param choices {@code n}: how many answers the backend generates, each up to maxTokens
 * @param clientWantsUsage whether the client asked for the usage chunk of a stream
 */
public record OpenAiRequest(Endpoint endpoint, ObjectNode body, String model, Prompt prompt, boolean stream,
    boolean clientWantsUsage, Integer maxTokens, int choices) {
}
