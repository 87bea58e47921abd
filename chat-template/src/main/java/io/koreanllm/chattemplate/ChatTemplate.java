package io.koreanllm.chattemplate;

import java.util.Map;
import java.util.Objects;

/**
 * A Hugging Face chat template ({@code chat_template} of tokenizer_config.json), rendered with the
 * semantics transformers gives it, so that prompts are counted exactly as vLLM and SGLang count
 * them: Python jinja2 in an ImmutableSandboxedEnvironment with trim_blocks, lstrip_blocks and the
 * loopcontrols extension, plus transformers' tojson, raise_exception and strftime_now.
 *
 * <p>The source is parsed once; {@link #render} only walks the tree and is safe to call from many
 * threads at once (each render has its own variables, the tree is never modified).
 */
public final class ChatTemplate {
  private final Node[] body;

  private ChatTemplate(Node[] body) {
    this.body = body;
  }

  /**
   * Parses a template.
   *
   * @throws TemplateException with the line and what is wrong when the source is not a valid template
   */
  public static ChatTemplate compile(String source) {
    Objects.requireNonNull(source, "source");
    try {
      return new ChatTemplate(StatementParser.parse(source));
    } catch (TemplateException e) {
      throw e;
    } catch (RuntimeException e) { // e.g. a number literal out of range
      throw new TemplateException("invalid template: " + e.getMessage(), e);
    }
  }

  /**
   * Renders the template. Context values are JSON-like: Map (insertion-ordered), List, String,
   * Number, Boolean and null; names not in the context are jinja2 Undefined.
   *
   * @throws TemplateException when rendering fails, including the template's own raise_exception
   */
  public String render(Map<String, ?> context) {
    StringBuilder out = new StringBuilder(1024);
    Node.renderAll(body, Scope.root(Objects.requireNonNull(context, "context")), out);
    return out.toString();
  }
}
