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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerResolverTest {

  @TempDir
  Path cache;

  private TokenizerResolver resolver(URI hub) {
    return new TokenizerResolver(cache, hub, "hf_secret");
  }

  @Test
  void resolvesAFolderAFileAndACachedName() throws IOException {
    Path qwen = Tokenizers.folder("qwen3");
    TokenizerResolver resolver = new TokenizerResolver(qwen.getParent(), TokenizerResolver.DEFAULT_HUB, null);
    assertThat(resolver.resolve(qwen.toString())).isEqualTo(TokenizerFiles.inFolder(qwen));
    assertThat(resolver.resolve(qwen.resolve("tokenizer.json").toString())).isEqualTo(TokenizerFiles.inFolder(qwen));
    assertThat(resolver.resolve("qwen3")).isEqualTo(TokenizerFiles.inFolder(qwen));
  }

  @Test
  void aMissingCachedNameSaysHowToFetchIt() {
    assertThatThrownBy(() -> resolver(TokenizerResolver.DEFAULT_HUB).resolve("qwen9"))
        .isInstanceOf(IOException.class).hasMessageContaining("scripts/fetch-tokenizers.sh");
  }

  @Test
  void downloadsAHubIdOnceIntoTheCacheWithTheToken() throws Exception {
    Path source = Tokenizers.folder("llama3");
    List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      String file = exchange.getRequestURI().getPath().replaceAll(".*/", "");
      byte[] body = Files.readAllBytes(source.resolve(file));
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    hub.start();
    try {
      TokenizerResolver resolver = resolver(URI.create("http://127.0.0.1:" + hub.getAddress().getPort()));
      TokenizerFiles files = resolver.resolve("acme/Korean-Llama");
      assertThat(files.tokenizerJson()).hasSameBinaryContentAs(source.resolve("tokenizer.json"));
      assertThat(files.tokenizerConfigJson()).hasSameBinaryContentAs(source.resolve("tokenizer_config.json"));
      assertThat(requests).containsExactly(
          "/acme/Korean-Llama/resolve/main/tokenizer.json Bearer hf_secret",
          "/acme/Korean-Llama/resolve/main/tokenizer_config.json Bearer hf_secret");
      assertThat(resolver.resolve("acme/Korean-Llama")).isEqualTo(files);
      assertThat(requests).hasSize(2); // the second time comes from the cache
      try (ModelTokenizer tokenizer = ModelTokenizer.load("hub", files)) {
        assertThat(tokenizer.countText("안녕하세요", false)).isPositive();
      }
    } finally {
      hub.stop(0);
    }
  }

  @Test
  void aFailedDownloadLeavesNothingThatLooksCached() throws Exception {
    HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hub.createContext("/", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    hub.start();
    try {
      TokenizerResolver resolver = resolver(URI.create("http://127.0.0.1:" + hub.getAddress().getPort()));
      assertThatThrownBy(() -> resolver.resolve("acme/missing")).isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 404");
      try (var files = Files.list(cache.resolve("hub").resolve("acme--missing"))) {
        assertThat(files).isEmpty();
      }
    } finally {
      hub.stop(0);
    }
  }
}
