package io.koreanllm.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the policy's enums are written in documents: their names in lower case, read back ignoring case. */
final class EnumIds {

  private EnumIds() {
  }

  static String id(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant with this id, ignoring case (people write "SGLang", "vLLM"). */
  static <E extends Enum<E>> Optional<E> fromId(Class<E> type, String id) {
    return Arrays.stream(type.getEnumConstants()).filter(value -> id(value).equalsIgnoreCase(id)).findFirst();
  }

  /** The ids a document may give, for a problem's message: {@code sglang, vllm, openai}. */
  static String allowed(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(EnumIds::id).collect(Collectors.joining(", "));
  }
}
