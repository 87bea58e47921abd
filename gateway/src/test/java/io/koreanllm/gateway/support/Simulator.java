package io.koreanllm.gateway.support;

import io.koreanllm.simulator.SimulatorApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** The real simulator, started in this JVM on a free port and reached over real HTTP. */
public final class Simulator implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final WebTestClient client;

  public Simulator(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--server.port=0";
    all[1] = "--logging.level.root=warn";
    System.arraycopy(args, 0, all, 2, args.length);
    context = SimulatorApplication.start(all);
    client = TestClients.webTestClient(url());
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
