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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a tokenizer reference from the policy into files on disk. A reference is, in this order:
 * <ol>
 *   <li>a path to a {@code tokenizer.json} or to the folder holding it (with its {@code tokenizer_config.json});
 *   <li>a name without a slash, looked up as {@code <folder>/<name>/} in the search path, then the cache folder
 *       (where {@code scripts/fetch-tokenizers.sh} puts {@code qwen3} and {@code llama3});
 *   <li>a Hugging Face hub id such as {@code Qwen/Qwen2.5-3B-Instruct}: {@code <folder>/hub/Qwen--Qwen2.5-3B-Instruct/}
 *       in the search path and the cache folder, then a Hugging Face hub cache (a model server's), and only then
 *       downloaded into the cache folder, unless offline.
 * </ol>
 * Files on disk are always taken first, so nothing goes over the network when they are there.
 */
public final class TokenizerResolver {

  private static final Logger LOG = LoggerFactory.getLogger(TokenizerResolver.class);
  private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String TOKENIZER = "tokenizer.json";
  private static final String CONFIG = "tokenizer_config.json";

  private final TokenizerSources sources;
  private final HttpClient http;

  public TokenizerResolver(TokenizerSources sources) {
    this.sources = sources;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** The resolver as the environment configures it (see {@link TokenizerSources#fromEnvironment}). */
  public static TokenizerResolver fromEnvironment() {
    return new TokenizerResolver(TokenizerSources.fromEnvironment(System.getenv()));
  }

  /** The cache folder as the environment configures it: where tests and tools find the fetched tokenizers. */
  public static Path defaultCacheDir() {
    return TokenizerSources.fromEnvironment(System.getenv()).cacheDir();
  }

  public TokenizerFiles resolve(String reference) throws IOException {
    Path path = Path.of(reference);
    if (Files.isRegularFile(path)) {
      return new TokenizerFiles(path, path.resolveSibling(CONFIG));
    }
    if (Files.isDirectory(path)) {
      return complete(List.of(path)).orElseThrow(() -> missing(reference, List.of(path), ""));
    }
    if (!reference.contains("/")) {
      List<Path> folders = folders(reference);
      return complete(folders).orElseThrow(() -> missing(reference, folders,
          " (run scripts/fetch-tokenizers.sh to fetch the bundled tokenizers)"));
    }
    if (HUB_ID.matcher(reference).matches()) {
      return fromHub(reference);
    }
    throw new IOException("tokenizer '" + reference + "' is neither a file, a folder, a cached name nor a hub id");
  }

  private TokenizerFiles fromHub(String hubId) throws IOException {
    List<Path> folders = new ArrayList<>(folders("hub/" + hubId.replace("/", "--")));
    if (sources.huggingFaceCache() != null) {
      folders.add(huggingFaceSnapshot(sources.huggingFaceCache(), hubId));
    }
    Optional<TokenizerFiles> onDisk = complete(folders);
    if (onDisk.isPresent()) {
      return onDisk.get();
    }
    if (sources.offline()) {
      throw missing(hubId, folders, "; HF_HUB_OFFLINE is set, so it is not downloaded");
    }
    Path folder = sources.cacheDir().resolve("hub").resolve(hubId.replace("/", "--"));
    Files.createDirectories(folder);
    for (String file : List.of(TOKENIZER, CONFIG)) {
      download(sources.hub().resolve("/" + hubId + "/resolve/main/" + file), folder.resolve(file));
    }
    return TokenizerFiles.inFolder(folder);
  }

  /** {@code relative} under each folder of the search path, then under the cache folder. */
  private List<Path> folders(String relative) {
    List<Path> folders = new ArrayList<>();
    sources.searchPath().forEach(dir -> folders.add(dir.resolve(relative)));
    folders.add(sources.cacheDir().resolve(relative));
    return folders;
  }

  /**
   * The snapshot of the main revision in Hugging Face's cache layout: {@code models--org--name/refs/main} names it;
   * without that file, the only snapshot there is. A folder that does not exist when there is none.
   */
  static Path huggingFaceSnapshot(Path cache, String hubId) throws IOException {
    Path repo = cache.resolve("models--" + hubId.replace("/", "--"));
    Path snapshots = repo.resolve("snapshots");
    Path main = repo.resolve("refs").resolve("main");
    if (Files.isRegularFile(main)) {
      return snapshots.resolve(Files.readString(main).strip());
    }
    if (Files.isDirectory(snapshots)) {
      try (var entries = Files.list(snapshots)) {
        List<Path> all = entries.filter(Files::isDirectory).toList();
        if (all.size() == 1) {
          return all.get(0);
        }
      }
    }
    return snapshots.resolve("main");
  }

  /** The first folder holding both files. */
  private static Optional<TokenizerFiles> complete(List<Path> folders) {
    return folders.stream().map(TokenizerFiles::inFolder)
        .filter(files -> Files.isRegularFile(files.tokenizerJson()) && Files.isRegularFile(files.tokenizerConfigJson()))
        .findFirst();
  }

  /** An error naming, for every folder looked in, the file that is not there. */
  private static IOException missing(String reference, List<Path> folders, String hint) {
    String files = folders.stream().map(TokenizerFiles::inFolder)
        .map(f -> Files.isRegularFile(f.tokenizerJson()) ? f.tokenizerConfigJson() : f.tokenizerJson())
        .map(Path::toString).collect(Collectors.joining(", "));
    return new IOException("tokenizer " + reference + ": missing " + files + hint);
  }

  private void download(URI uri, Path target) throws IOException {
    LOG.info("downloading {}", uri);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET();
    if (sources.hubToken() != null && !sources.hubToken().isBlank()) {
      request.header("Authorization", "Bearer " + sources.hubToken());
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
}
