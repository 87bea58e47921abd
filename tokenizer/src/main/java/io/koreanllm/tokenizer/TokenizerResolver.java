package io.koreanllm.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a tokenizer reference from the policy into files on disk. A reference is, in this order:
 * <ol>
 *   <li>a path to a {@code tokenizer.json} or to the folder holding it (with its {@code tokenizer_config.json});
 *   <li>a name without a slash, looked up in the cache folder (where {@code scripts/fetch-tokenizers.sh} puts
 *       {@code qwen3} and {@code llama3});
 *   <li>a Hugging Face hub id such as {@code Qwen/Qwen2.5-3B-Instruct}, taken from the cache or downloaded into it.
 * </ol>
 */
public final class TokenizerResolver {

  /** Where Hugging Face serves repository files; {@code HF_ENDPOINT} overrides it, as in Hugging Face's own tools. */
  public static final URI DEFAULT_HUB = URI.create("https://huggingface.co");

  private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final List<String> FILES = List.of("tokenizer.json", "tokenizer_config.json");

  private final Path cacheDir;
  private final URI hub;
  private final String hubToken;
  private final HttpClient http;

  public TokenizerResolver(Path cacheDir, URI hub, String hubToken) {
    this.cacheDir = cacheDir;
    this.hub = hub;
    this.hubToken = hubToken;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The resolver as configured by {@code koreanllm.tokenizers.dir}/{@code KOREANLLM_TOKENIZERS_DIR}, {@code HF_ENDPOINT}, {@code HF_TOKEN}. */
  public static TokenizerResolver fromEnvironment() {
    String hub = System.getenv("HF_ENDPOINT");
    return new TokenizerResolver(defaultCacheDir(), hub == null || hub.isBlank() ? DEFAULT_HUB : URI.create(hub),
        System.getenv("HF_TOKEN"));
  }

  public static Path defaultCacheDir() {
    String dir = System.getProperty("koreanllm.tokenizers.dir", System.getenv("KOREANLLM_TOKENIZERS_DIR"));
    return dir == null || dir.isBlank()
        ? Path.of(System.getProperty("user.home"), ".cache", "korean-llm-limiter", "tokenizers")
        : Path.of(dir);
  }

  public TokenizerFiles resolve(String reference) throws IOException {
    Path path = Path.of(reference);
    if (Files.isRegularFile(path)) {
      return new TokenizerFiles(path, path.resolveSibling("tokenizer_config.json"));
    }
    if (Files.isDirectory(path)) {
      return existing(TokenizerFiles.inFolder(path), reference);
    }
    if (!reference.contains("/")) {
      return existing(TokenizerFiles.inFolder(cacheDir.resolve(reference)),
          reference + " (run scripts/fetch-tokenizers.sh to fetch the bundled tokenizers)");
    }
    if (HUB_ID.matcher(reference).matches()) {
      return fromHub(reference);
    }
    throw new IOException("tokenizer '" + reference + "' is neither a file, a folder, a cached name nor a hub id");
  }

  private TokenizerFiles fromHub(String hubId) throws IOException {
    Path folder = cacheDir.resolve("hub").resolve(hubId.replace("/", "--"));
    TokenizerFiles files = TokenizerFiles.inFolder(folder);
    if (Files.isRegularFile(files.tokenizerJson()) && Files.isRegularFile(files.tokenizerConfigJson())) {
      return files;
    }
    Files.createDirectories(folder);
    for (String file : FILES) {
      download(hub.resolve("/" + hubId + "/resolve/main/" + file), folder.resolve(file));
    }
    return files;
  }

  private void download(URI uri, Path target) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET();
    if (hubToken != null && !hubToken.isBlank()) {
      request.header("Authorization", "Bearer " + hubToken);
    }
    Path partial = target.resolveSibling(target.getFileName() + ".part");
    try {
      HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("downloading " + uri + " answered HTTP " + response.statusCode());
        }
        Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      // Moved into place only when complete, so an interrupted download is never mistaken for a cached file.
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while downloading " + uri, e);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static TokenizerFiles existing(TokenizerFiles files, String what) throws IOException {
    for (Path file : List.of(files.tokenizerJson(), files.tokenizerConfigJson())) {
      if (!Files.isRegularFile(file)) {
        throw new IOException("tokenizer " + what + ": missing " + file);
      }
    }
    return files;
  }
}
