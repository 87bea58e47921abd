package io.koreanllm.simulator.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code stream_options}: with {@code include_usage}, a last chunk carries the usage. */
@JsonIgnoreProperties(ignoreUnknown = true)
record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {}
