package io.koreanllm.gateway.parity;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fixed Korean conversations both sides count, one for each way a server's chat template tends to differ: a
 * default system prompt shows only in chats without one, a template's turn markup in multi-turn chats, its tool
 * layout only with tools.
 */
public enum ProbeConversation {

  SYSTEM_PROMPT("system_prompt", """
      {"messages": [
        {"role": "system", "content": "당신은 친절한 한국어 비서입니다. 짧고 정확하게 답하세요."},
        {"role": "user", "content": "제주도 2박 3일 여행 일정을 추천해 주세요."}]}
      """),
  NO_SYSTEM_PROMPT("no_system_prompt", """
      {"messages": [{"role": "user", "content": "서울에서 부산까지 KTX로 얼마나 걸려요?"}]}
      """),
  MULTI_TURN("multi_turn", """
      {"messages": [
        {"role": "user", "content": "김치찌개 끓이는 법 알려줘."},
        {"role": "assistant", "content": "돼지고기와 신김치를 볶다가 물을 붓고 20분 정도 끓이면 됩니다."},
        {"role": "user", "content": "두부는 언제 넣어?"}]}
      """),
  TOOLS("tools", """
      {"messages": [
        {"role": "user", "content": "내일 서울 날씨 어때?"},
        {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
          "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"서울\\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\\"sky\\": \\"맑음\\", \\"temperature\\": 3}"}],
       "tools": [{"type": "function", "function": {"name": "get_weather", "description": "도시의 내일 날씨를 알려준다",
         "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "도시 이름"}},
           "required": ["city"]}}}]}
      """);

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String label;
  private final String fields;

  ProbeConversation(String label, String fields) {
    this.label = label;
    this.fields = fields;
  }

  @JsonValue
  public String label() {
    return label;
  }

  /** The conversation as a chat request's fields (its messages, and tools where it has some), a fresh copy. */
  public ObjectNode fields() {
    return (ObjectNode) JSON.readTree(fields);
  }

  /** The same, as a request to the server that knows the model as {@code upstreamModel}. */
  ObjectNode request(String upstreamModel) {
    ObjectNode request = fields();
    request.put("model", upstreamModel);
    return request;
  }
}
