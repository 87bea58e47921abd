package io.koreanllm.chattemplate;

import java.util.LinkedHashMap;
import java.util.Map;

/** jinja2's namespace(): the one object whose attributes a template may assign. */
final class Namespace {
  final Map<String, Object> attrs = new LinkedHashMap<>();
}
