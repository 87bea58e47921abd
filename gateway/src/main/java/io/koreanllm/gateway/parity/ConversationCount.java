package io.koreanllm.gateway.parity;

/** One probe conversation as each side counted it. */
public record ConversationCount(ProbeConversation conversation, int gatewayTokens, int backendTokens) {

  /** Backend minus gateway: positive when the gateway admits fewer tokens than the server uses. */
  int difference() {
    return backendTokens - gatewayTokens;
  }

  @Override
  public String toString() {
    return conversation.label() + ": gateway " + gatewayTokens + ", backend " + backendTokens + " tokens";
  }
}
