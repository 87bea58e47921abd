package io.koreanllm.chattemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-renders every case of {@code golden/chat-templates.json} and compares byte for byte. The file is
 * written by {@code scripts/dev/gen-template-golden.mjs} with {@code @huggingface/jinja}, Hugging Face's
 * own chat-template engine, from the real Qwen3 and Llama-3.x templates (read here from
 * {@code koreanllm.tokenizers.dir}) and a few well-known embedded ones.
 *
 * <p>Known differences: transformers, vLLM and SGLang render with Python jinja2, which this engine
 * follows. Where {@code @huggingface/jinja} is known to differ from it, the generator stores Python's
 * output as {@code expected}, Hugging Face's raw output as {@code huggingface} and the reason in
 * {@code differences}. So far only the kitchen-sink template hits any: HF prints booleans as
 * {@code true}/{@code false} (Python: {@code True}/{@code False}) and its {@code |length} counts UTF-16
 * units instead of code points. Every case of the real and model templates agrees with Python as is.
 */
class ChatTemplateGoldenTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path TOKENIZERS = Path.of(System.getProperty("koreanllm.tokenizers.dir",
      System.getProperty("user.home") + "/.cache/korean-llm-limiter/tokenizers"));

  private final Map<String, ChatTemplate> compiled = new ConcurrentHashMap<>();

  @TestFactory
  Stream<DynamicTest> everyGoldenCaseRendersAsTransformersWould() throws IOException {
    Map<String, Object> golden = golden();
    Map<String, Map<String, Object>> templates = cast(golden.get("templates"));
    List<Map<String, Object>> cases = cast(golden.get("cases"));
    return cases.stream().map(c -> dynamicTest((String) c.get("id"), () -> {
      String name = (String) c.get("template");
      ChatTemplate template = compiled.computeIfAbsent(name, n -> ChatTemplate.compile(source(n, templates.get(n))));
      Map<String, Object> context = cast(c.get("context"));
      if (c.containsKey("error")) {
        assertThatThrownBy(() -> template.render(context))
            .isInstanceOf(TemplateException.class)
            .hasMessage((String) c.get("error"));
      } else {
        assertThat(template.render(context)).isEqualTo(c.get("expected"));
      }
    }));
  }

  @Test
  void goldenFileCoversEveryTemplateAndExplainsEachDifference() throws IOException {
    Map<String, Object> golden = golden();
    Map<String, Object> templates = cast(golden.get("templates"));
    List<Map<String, Object>> cases = cast(golden.get("cases"));
    assertThat(templates).containsKeys("qwen3", "llama3", "qwen2.5-tools", "llama3.1-tools", "mistral", "gemma");
    for (String name : templates.keySet()) {
      assertThat(cases).as("cases of %s", name).anyMatch(c -> name.equals(c.get("template")) && c.containsKey("expected"));
    }
    assertThat(cases).filteredOn(c -> c.containsKey("huggingface"))
        .allMatch(c -> c.containsKey("differences"), "every divergence from @huggingface/jinja says why");
  }

  private static Map<String, Object> golden() throws IOException {
    try (InputStream in = ChatTemplateGoldenTest.class.getResourceAsStream("/golden/chat-templates.json")) {
      assertThat(in).as("golden/chat-templates.json on the test classpath").isNotNull();
      return cast(JSON.readValue(in, Map.class));
    }
  }

  /** An embedded template's source, or a real one read from the tokenizer cache and checked against its sha256. */
  private static String source(String name, Map<String, Object> spec) {
    if (spec.get("source") instanceof String embedded) {
      return embedded;
    }
    Path file = TOKENIZERS.resolve((String) spec.get("file"));
    if (!Files.isRegularFile(file)) {
      fail("%s is missing: run scripts/fetch-tokenizers.sh to fetch the real %s tokenizer files", file, name);
    }
    String template = JSON.readTree(file.toFile()).get("chat_template").asString();
    assertThat(sha256(template))
        .as("the %s chat template in %s is not the one the golden file was generated from;"
            + " regenerate it with scripts/dev/gen-template-golden.mjs", name, file)
        .isEqualTo(spec.get("sha256"));
    return template;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
