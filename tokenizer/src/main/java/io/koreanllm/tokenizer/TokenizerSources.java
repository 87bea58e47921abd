package io.koreanllm.tokenizer;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where tokenizer files are looked for, and whether a missing one may be downloaded.
 *
 * @param searchPath       read-only folders searched first: files baked into an image, a mounted volume
 *                         ({@code KOREANLLM_TOKENIZERS_PATH}, separated by {@code :})
 * @param cacheDir         the writable folder of cached names and downloads ({@code KOREANLLM_TOKENIZERS_DIR})
 * @param huggingFaceCache a Hugging Face hub cache ({@code models--org--name/snapshots/…}), such as the model cache
 *                         a vLLM or SGLang server already filled ({@code HF_HUB_CACHE}, else {@code HF_HOME/hub},
 *                         else {@code ~/.cache/huggingface/hub}, as Hugging Face's own tools find it)
 * @param hub              where hub ids are downloaded from ({@code HF_ENDPOINT}, default huggingface.co)
 * @param hubToken         a token for gated repositories ({@code HF_TOKEN}); null for none
 * @param offline          never download ({@code HF_HUB_OFFLINE}=1): a tokenizer not on disk is an error naming
 *                         the files looked for
 */
public record TokenizerSources(List<Path> searchPath, Path cacheDir, Path huggingFaceCache, URI hub,
    String hubToken, boolean offline) {

  /** Where Hugging Face serves repository files; {@code HF_ENDPOINT} overrides it, as in Hugging Face's own tools. */
  public static final URI DEFAULT_HUB = URI.create("https://huggingface.co");

  /** The values huggingface_hub reads as true in {@code HF_HUB_OFFLINE}. */
  private static final Set<String> TRUE = Set.of("1", "on", "yes", "true");

  public TokenizerSources {
    searchPath = List.copyOf(searchPath);
  }

  /**
   * The sources as the environment {@code env} and the system properties configure them; the system property
   * {@code koreanllm.tokenizers.dir} (set by the build for tests) wins over {@code KOREANLLM_TOKENIZERS_DIR}.
   */
  public static TokenizerSources fromEnvironment(Map<String, String> env) {
    String home = System.getProperty("user.home");
    String dir = System.getProperty("koreanllm.tokenizers.dir", env.get("KOREANLLM_TOKENIZERS_DIR"));
    Path cacheDir = blank(dir) ? Path.of(home, ".cache", "korean-llm-limiter", "tokenizers") : Path.of(dir);
    String path = env.get("KOREANLLM_TOKENIZERS_PATH");
    List<Path> searchPath = blank(path) ? List.of() : Arrays.stream(path.split(File.pathSeparator))
        .filter(entry -> !entry.isBlank()).map(Path::of).toList();
    String endpoint = env.get("HF_ENDPOINT");
    return new TokenizerSources(searchPath, cacheDir, huggingFaceCache(env, home),
        blank(endpoint) ? DEFAULT_HUB : URI.create(endpoint), env.get("HF_TOKEN"), isTrue(env.get("HF_HUB_OFFLINE")));
  }

  private static Path huggingFaceCache(Map<String, String> env, String home) {
    if (!blank(env.get("HF_HUB_CACHE"))) {
      return Path.of(env.get("HF_HUB_CACHE"));
    }
    if (!blank(env.get("HF_HOME"))) {
      return Path.of(env.get("HF_HOME"), "hub");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    return (blank(xdg) ? Path.of(home, ".cache") : Path.of(xdg)).resolve("huggingface").resolve("hub");
  }

  private static boolean isTrue(String value) {
    return value != null && TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
