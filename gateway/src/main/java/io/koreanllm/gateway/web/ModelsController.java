package io.koreanllm.gateway.web;

import io.koreanllm.gateway.auth.ApiKeyAuthenticator;
import io.koreanllm.gateway.auth.Caller;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.policy.ModelRoute;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the models the caller may use, in OpenAI's list shape. */
@RestController
public class ModelsController {

  private final ApiKeyAuthenticator authenticator;
  private final PolicyHolder policies;

  public ModelsController(ApiKeyAuthenticator authenticator, PolicyHolder policies) {
    this.authenticator = authenticator;
    this.policies = policies;
  }

  public record ModelList(String object, List<Model> data) {
  }

  public record Model(String id, String object, long created, String ownedBy) {
  }

  @GetMapping("/v1/models")
  public ModelList models(ServerHttpRequest request) {
    Caller caller = authenticator.caller(request);
    List<Model> models = policies.current().models().stream()
        .filter(model -> !(caller instanceof Caller.User user) || user.policy().allowsModel(model.name()))
        .map(ModelsController::model)
        .toList();
    return new ModelList("list", models);
  }

  private static Model model(ModelRoute route) {
    return new Model(route.name(), "model", 0, route.engine().name().toLowerCase(java.util.Locale.ROOT));
  }
}
