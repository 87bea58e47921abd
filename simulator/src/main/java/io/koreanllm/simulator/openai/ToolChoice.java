package io.koreanllm.simulator.openai;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.LaxFields;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The shape of a chat's {@code tools} and {@code tool_choice}, checked as vLLM checks them: each tool a function with a
 * name, {@code tool_choice} one of none, auto, required or a named function among the tools, and no
 * {@code tool_choice} without tools. The simulator accepts {@code auto} as a server started with
 * {@code --enable-auto-tool-choice} does; its answers never call a tool.
 */
final class ToolChoice {

  private static final String USAGE = "Correct usage: `{\"type\": \"function\", \"function\": {\"name\": \"my_function\"}}`";

  private ToolChoice() {}

  /** The tools, or null when there are none to render. */
  static JsonNode check(LaxFields fields) {
    JsonNode tools = fields.raw("tools");
    Set<String> names = new HashSet<>();
    List<LaxFields> each = fields.objects("tools");
    if (each != null) {
      each.forEach(tool -> names.add(function(tool)));
    }
    JsonNode choice = fields.raw("tool_choice");
    if (choice == null || (choice.isString() && choice.asString().equals("none"))) {
      return tools;
    }
    if (tools == null) {
      throw ApiError.badRequest("When using `tool_choice`, `tools` must be set.", "tool_choice");
    }
    if (choice.isString() && (choice.asString().equals("auto") || choice.asString().equals("required"))) {
      return tools;
    }
    if (!choice.isObject()) {
      throw ApiError.badRequest("Invalid value for `tool_choice`: " + (choice.isString() ? choice.asString() : choice)
          + "! Only named tools, \"none\", \"auto\" or \"required\" are supported.", "tool_choice");
    }
    JsonNode function = choice.get("function");
    if (function == null || !function.isObject()) {
      throw ApiError.badRequest("Invalid value for `function`: `" + (function == null ? "None" : function)
          + "` in `tool_choice`! " + USAGE, "tool_choice");
    }
    if (!function.has("name")) {
      throw ApiError.badRequest("Expected field `name` in `function` in `tool_choice`! " + USAGE, "tool_choice");
    }
    JsonNode name = function.get("name");
    if (!name.isString() || name.asString().isEmpty()) {
      throw ApiError.badRequest("Invalid `name` in `function`: `" + name + "` in `tool_choice`! " + USAGE,
          "tool_choice");
    }
    if (!names.contains(name.asString())) {
      throw ApiError.badRequest("The tool specified in `tool_choice` does not match any of the specified `tools`",
          "tool_choice");
    }
    return tools;
  }

  /** One tool: {@code {"type": "function", "function": {"name": …, "description"?, "parameters"?}}}. */
  private static String function(LaxFields tool) {
    String type = tool.string("type");
    if (type != null && !type.equals("function")) {
      throw tool.invalid("type", "Input should be 'function'", tool.raw("type"));
    }
    LaxFields function = tool.object("function");
    if (function == null) {
      throw tool.invalid("function", "Field required", null);
    }
    String name = function.string("name");
    if (name == null) {
      throw function.invalid("name", "Field required", null);
    }
    function.string("description");
    function.object("parameters");
    return name;
  }
}
