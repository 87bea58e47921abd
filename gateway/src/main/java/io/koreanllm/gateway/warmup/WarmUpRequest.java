package io.koreanllm.gateway.warmup;

/** One kind of request the warm-up sends to one model: its path and, per request, its body. */
record WarmUpRequest(String model, Kind kind) {

  enum Kind { CHAT, CHAT_STREAM, COMPLETION }

  private static final String SYSTEM = "당신은 한국어로 정확하고 친절하게 답하는 비서입니다. 모르는 것은 모른다고 말하세요.";
  private static final String QUESTION = "다음 주 부산 출장 일정을 정리해 주세요. 월요일 오전에 서울역에서 KTX를 타고 "
      + "출발하고, 오후 두 시에 해운대 근처 사무실에서 거래처와 회의가 있습니다. 화요일에는 공장 견학과 점심 식사가 "
      + "예정되어 있고, 수요일 오전에 보고서를 작성한 뒤 오후 기차로 돌아올 계획입니다. 각 일정에 필요한 준비물과 "
      + "예상 비용을 표로 만들어 주시고, 비가 올 경우의 대안도 함께 알려 주세요.";

  String path() {
    return kind == Kind.COMPLETION ? "/v1/completions" : "/v1/chat/completions";
  }

  /** A body that differs per request (its number), so counting does not only meet text it has cached. */
  String body(int number) {
    String question = QUESTION + " (요청 " + number + ")";
    if (kind == Kind.COMPLETION) {
      return "{\"model\":\"" + model + "\",\"prompt\":\"" + SYSTEM + "\\n" + question + "\",\"max_tokens\":16}";
    }
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"},"
        + "{\"role\":\"user\",\"content\":\"" + question + "\"}],\"max_tokens\":16"
        + (kind == Kind.CHAT_STREAM ? ",\"stream\":true" : "") + "}";
  }
}
