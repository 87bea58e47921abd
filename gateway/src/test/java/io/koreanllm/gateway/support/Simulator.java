package io.koreanllm.gateway.support;

import io.koreanllm.simulator.SimulatorApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The real simulator, started in this JVM on a free port and reached over real HTTP. */
public final class Simulator implements AutoCloseable {

  /** The gateway's Spring Security is on this JVM's classpath; the simulator, like a model server, has none. */
  private static final String NO_SECURITY = "--spring.autoconfigure.exclude="
      + "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration,"
      + "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

  private final ConfigurableApplicationContext context;
  private final WebTestClient client;

  public Simulator(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--server.port=0";
    all[1] = "--logging.level.root=warn";
    all[2] = NO_SECURITY;
    System.arraycopy(args, 0, all, 3, args.length);
    context = SimulatorApplication.start(all);
    client = TestClients.webTestClient(url());
    warmUp();
  }

  /**
   * One answer per served model before any test: the simulator's first answer loads its tokenizers, which on a busy
   * machine can outlast a test's short backend timeout. Its counters are reset after.
   */
  private void warmUp() {
    for (String model : new String[] {"korean-qwen", "korean-llama"}) {
      client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Requests.koreanChat(model, 1)).exchange().expectStatus().isOk();
    }
    reset();
  }

  public String url() {
    return "http://127.0.0.1:" + SimulatorApplication.port(context);
  }

  /** Changes settings at run time, e.g. {@code {"fault": "http-500"}}. */
  public void settings(String json) {
    client.put().uri("/sim/settings").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
        .exchange().expectStatus().is2xxSuccessful();
  }

  public void reset() {
    client.post().uri("/sim/reset").exchange().expectStatus().is2xxSuccessful();
  }

  public JsonNode stats() {
    return client.get().uri("/sim/stats").exchange().expectStatus().isOk()
        .expectBody(JsonNode.class).returnResult().getResponseBody();
  }

  @Override
  public void close() {
    context.close();
  }
}
