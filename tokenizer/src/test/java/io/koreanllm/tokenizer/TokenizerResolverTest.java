package io.koreanllm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerResolverTest {

  private static final String HUB_ID = "acme/Korean-Llama";

  @TempDir
  Path cache;
  @TempDir
  Path mounted;

  /** A stand-in for the hub: serves the real Llama-3 files, or 404 once {@link #missing} is set; records every request. */
  private HttpServer hub;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile boolean missing;

  @BeforeEach
  void startHub() throws IOException {
    Path source = Tokenizers.folder("llama3");
    hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      if (missing) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        byte[] body = Files.readAllBytes(source.resolve(exchange.getRequestURI().getPath().replaceAll(".*/", "")));
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    hub.start();
  }

  @AfterEach
  void stopHub() {
    hub.stop(0);
  }

  private URI hubUri() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  private TokenizerResolver resolver(List<Path> searchPath, Path huggingFaceCache, boolean offline) {
    return new TokenizerResolver(new TokenizerSources(searchPath, cache, huggingFaceCache, hubUri(), "hf_secret",
        offline));
  }

  private TokenizerResolver online() {
    return resolver(List.of(), null, false);
  }

  /** Copies the real Llama-3 files into {@code folder}, as an image build or a mounted volume lays them out. */
  private static Path llamaFilesIn(Path folder) throws IOException {
    Files.createDirectories(folder);
    for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
      Files.copy(Tokenizers.folder("llama3").resolve(file), folder.resolve(file));
    }
    return folder;
  }

  @Test
  void resolvesAFolderAFileAndACachedName() throws IOException {
    Path qwen = Tokenizers.folder("qwen3");
    TokenizerResolver resolver = new TokenizerResolver(
        new TokenizerSources(List.of(), qwen.getParent(), null, TokenizerSources.DEFAULT_HUB, null, false));
    assertThat(resolver.resolve(qwen.toString())).isEqualTo(TokenizerFiles.inFolder(qwen));
    assertThat(resolver.resolve(qwen.resolve("tokenizer.json").toString())).isEqualTo(TokenizerFiles.inFolder(qwen));
    assertThat(resolver.resolve("qwen3")).isEqualTo(TokenizerFiles.inFolder(qwen));
  }

  @Test
  void aMissingCachedNameSaysWhichFileIsMissingAndHowToFetchIt() {
    assertThatThrownBy(() -> online().resolve("qwen9"))
        .isInstanceOf(IOException.class).hasMessageContaining("scripts/fetch-tokenizers.sh")
        .hasMessageContaining(cache.resolve("qwen9").resolve("tokenizer.json").toString());
  }

  @Test
  void downloadsAHubIdOnceIntoTheCacheWithTheToken() throws Exception {
    Path source = Tokenizers.folder("llama3");
    TokenizerResolver resolver = online();
    TokenizerFiles files = resolver.resolve(HUB_ID);
    assertThat(files.tokenizerJson()).hasSameBinaryContentAs(source.resolve("tokenizer.json"));
    assertThat(files.tokenizerConfigJson()).hasSameBinaryContentAs(source.resolve("tokenizer_config.json"));
    assertThat(requests).containsExactly(
        "/acme/Korean-Llama/resolve/main/tokenizer.json Bearer hf_secret",
        "/acme/Korean-Llama/resolve/main/tokenizer_config.json Bearer hf_secret");
    assertThat(resolver.resolve(HUB_ID)).isEqualTo(files);
    assertThat(requests).hasSize(2); // the second time comes from the cache
    try (ModelTokenizer tokenizer = ModelTokenizer.load("hub", files)) {
      assertThat(tokenizer.countText("안녕하세요", false)).isPositive();
    }
  }

  @Test
  void aFailedDownloadLeavesNothingThatLooksCached() throws Exception {
    missing = true;
    assertThatThrownBy(() -> online().resolve("acme/missing")).isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 404");
    try (var files = Files.list(cache.resolve("hub").resolve("acme--missing"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void filesOnTheSearchPathAreTakenWithoutAskingTheHub() throws IOException {
    Path folder = llamaFilesIn(mounted.resolve("hub").resolve("acme--Korean-Llama"));
    Path named = llamaFilesIn(mounted.resolve("korean-llama"));

    TokenizerResolver resolver = resolver(List.of(cache.resolve("nothing-here"), mounted), null, false);
    assertThat(resolver.resolve(HUB_ID)).isEqualTo(TokenizerFiles.inFolder(folder));
    assertThat(resolver.resolve("korean-llama")).isEqualTo(TokenizerFiles.inFolder(named));
    assertThat(requests).isEmpty();
  }

  @Test
  void aModelServersHuggingFaceCacheServesTheMainRevision() throws IOException {
    Path repo = mounted.resolve("models--acme--Korean-Llama");
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs").resolve("main"), "0123abcd\n");
    Path snapshot = llamaFilesIn(repo.resolve("snapshots").resolve("0123abcd"));
    llamaFilesIn(repo.resolve("snapshots").resolve("ffff0000")); // an older revision, not the one refs/main names

    TokenizerFiles files = resolver(List.of(), mounted, true).resolve(HUB_ID);
    assertThat(files).isEqualTo(TokenizerFiles.inFolder(snapshot));
    assertThat(requests).isEmpty();
  }

  @Test
  void withoutRefsTheOnlySnapshotOfAHuggingFaceCacheIsTaken() throws IOException {
    Path snapshot = llamaFilesIn(mounted.resolve("models--acme--Korean-Llama").resolve("snapshots").resolve("9f9f"));
    assertThat(resolver(List.of(), mounted, true).resolve(HUB_ID)).isEqualTo(TokenizerFiles.inFolder(snapshot));
  }

  @Test
  void offlineAHubIdNotOnDiskFailsNamingEveryFileLookedForAndNeverCallsTheHub() throws IOException {
    // The search path holds the tokenizer but not its config: the message names the one file missing there.
    Path partial = mounted.resolve("hub").resolve("acme--Korean-Llama");
    Files.createDirectories(partial);
    Files.copy(Tokenizers.folder("llama3").resolve("tokenizer.json"), partial.resolve("tokenizer.json"));
    Path huggingFaceCache = cache.resolve("hf");

    assertThatThrownBy(() -> resolver(List.of(mounted), huggingFaceCache, true).resolve(HUB_ID))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tokenizer acme/Korean-Llama: missing")
        .hasMessageContaining(partial.resolve("tokenizer_config.json").toString())
        .hasMessageContaining(cache.resolve("hub").resolve("acme--Korean-Llama").resolve("tokenizer.json").toString())
        .hasMessageContaining(huggingFaceCache.resolve("models--acme--Korean-Llama").resolve("snapshots").toString())
        .hasMessageContaining("HF_HUB_OFFLINE");
    assertThat(requests).isEmpty();
    assertThat(cache.resolve("hub").resolve("acme--Korean-Llama")).doesNotExist();
  }

  @Test
  void theEnvironmentConfiguresEverySource() {
    TokenizerSources sources = TokenizerSources.fromEnvironment(Map.of(
        "KOREANLLM_TOKENIZERS_PATH", "/opt/tokenizers::/mnt/tokenizers",
        "HF_HOME", "/models/hf",
        "HF_ENDPOINT", "http://mirror.example:8080",
        "HF_TOKEN", "hf_x",
        "HF_HUB_OFFLINE", "YES"));
    assertThat(sources.searchPath()).containsExactly(Path.of("/opt/tokenizers"), Path.of("/mnt/tokenizers"));
    assertThat(sources.huggingFaceCache()).isEqualTo(Path.of("/models/hf/hub"));
    assertThat(sources.hub()).isEqualTo(URI.create("http://mirror.example:8080"));
    assertThat(sources.hubToken()).isEqualTo("hf_x");
    assertThat(sources.offline()).isTrue();

    TokenizerSources defaults = TokenizerSources.fromEnvironment(Map.of("HF_HUB_CACHE", "/cache/hub",
        "HF_HOME", "/ignored", "HF_HUB_OFFLINE", "0"));
    assertThat(defaults.searchPath()).isEmpty();
    assertThat(defaults.huggingFaceCache()).isEqualTo(Path.of("/cache/hub"));
    assertThat(defaults.hub()).isEqualTo(TokenizerSources.DEFAULT_HUB);
    assertThat(defaults.offline()).isFalse();
    assertThat(TokenizerSources.fromEnvironment(Map.of()).huggingFaceCache())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub"));
  }
}
