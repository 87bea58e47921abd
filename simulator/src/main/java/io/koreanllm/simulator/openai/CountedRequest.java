package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.tokenizer.ModelTokenizer;

/**
 * A valid generation request whose prompt has been counted: all an answer needs, whichever endpoint it came from.
 *
 * @param endpoint the path, for the log
 * @param settings the settings snapshot the whole answer follows
 * @param question what the canned answer responds to
 * @param format the endpoint's response shapes
 */
record CountedRequest(String endpoint, SimulatorSettings settings, GenerationRequest request, ModelTokenizer tokenizer,
    int promptTokens, String question, ResponseFormat format) {}
