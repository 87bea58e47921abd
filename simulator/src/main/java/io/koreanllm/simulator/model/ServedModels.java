package io.koreanllm.simulator.model;

import io.koreanllm.chattemplate.ChatTemplate;
import io.koreanllm.simulator.control.SettingsCheck;
import io.koreanllm.simulator.control.SimulatorSettings;
import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.tokenizer.TokenizerCatalog;
import io.koreanllm.tokenizer.TokenizerConfig;
import io.koreanllm.tokenizer.TokenizerFiles;
import io.koreanllm.tokenizer.TokenizerResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The models the settings serve, each with its tokenizer and the chat template and default system prompt the settings
 * give it. What loading needs (tokenizers, their configs, compiled templates, vocabulary sizes) is loaded once and
 * shared; {@link #check} loads it for new settings before they are put in force.
 */
@Component
public class ServedModels implements SettingsCheck {

  private final TokenizerCatalog tokenizers;
  private final TokenizerResolver resolver;
  private final Map<String, TokenizerFiles> files = new ConcurrentHashMap<>();
  private final Map<String, TokenizerConfig> configs = new ConcurrentHashMap<>();
  private final Map<String, ChatTemplate> templates = new ConcurrentHashMap<>();
  private final Map<String, Integer> vocabularySizes = new ConcurrentHashMap<>();

  public ServedModels(TokenizerCatalog tokenizers, TokenizerResolver resolver) {
    this.tokenizers = tokenizers;
    this.resolver = resolver;
  }

  /**
   * The served model named {@code name} under {@code settings}: an unknown one is a 404 as in vLLM, and a request
   * that names none gets the first, as vLLM serves its only model to a request without {@code model}.
   */
  public ServedModel model(SimulatorSettings settings, String name) {
    String served = name != null ? name : settings.models().keySet().iterator().next();
    if (!settings.models().containsKey(served)) {
      throw ApiError.modelNotFound(name);
    }
    return load(settings, served);
  }

  @Override
  public void check(SimulatorSettings settings) {
    settings.models().keySet().forEach(name -> load(settings, name));
  }

  private ServedModel load(SimulatorSettings settings, String name) {
    String reference = settings.models().get(name);
    String template = settings.chatTemplates().get(name);
    return new ServedModel(name, reference, tokenizers.get(reference),
        configs.computeIfAbsent(reference, ref -> read(() -> TokenizerConfig.read(files(ref).tokenizerConfigJson()))),
        template == null ? null : templates.computeIfAbsent(template, ServedModels::compile),
        settings.defaultSystemPrompts().get(name),
        () -> vocabularySizes.computeIfAbsent(reference, ref -> VocabularySize.of(files(ref).tokenizerJson())));
  }

  private TokenizerFiles files(String reference) {
    return files.computeIfAbsent(reference, ref -> read(() -> resolver.resolve(ref)));
  }

  /**
   * A template given in the settings: its text when it holds Jinja markup, else a path to a template file or to a
   * {@code tokenizer_config.json} whose {@code chat_template} to use.
   */
  private static ChatTemplate compile(String template) {
    if (template.contains("{%") || template.contains("{{")) {
      return ChatTemplate.compile(template);
    }
    Path path = Path.of(template);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("chat template '" + template
          + "' is neither template text (no {% or {{) nor an existing file");
    }
    if (path.getFileName().toString().endsWith(".json")) {
      String source = read(() -> TokenizerConfig.read(path)).chatTemplate();
      if (source == null) {
        throw new IllegalArgumentException(path + " has no chat_template");
      }
      return ChatTemplate.compile(source);
    }
    return ChatTemplate.compile(read(() -> Files.readString(path)));
  }

  private static <T> T read(IoSupplier<T> reader) {
    try {
      return reader.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }
}
