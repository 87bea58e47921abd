package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.policy.ModelAccess;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.security.Caller;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.UserPolicy;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the models the caller may use, in OpenAI's shape with
 * vLLM's {@code max_model_len} (the context the gateway caps requests at), which clients read to size prompts.
 */
@RestController
public class ModelsController {

  private final PolicyHolder policies;

  public ModelsController(PolicyHolder policies) {
    this.policies = policies;
  }

  public record ModelList(String object, List<Model> data) {
  }

  public record Model(String id, String object, long created, String ownedBy, int maxModelLen) {
  }

  @GetMapping("/v1/models")
  public ModelList models(@AuthenticationPrincipal Caller caller) {
    List<Model> models = policies.current().models().stream()
        .filter(model -> !(caller instanceof Caller.User user) || user.policy().allowsModel(model.name()))
        .map(ModelsController::model)
        .toList();
    return new ModelList("list", models);
  }

  /** One model; its id may hold slashes, as hub ids do ({@code Qwen/Qwen2.5-3B-Instruct}). */
  @GetMapping("/v1/models/{*id}")
  public Model model(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
    UserPolicy user = caller instanceof Caller.User named ? named.policy() : null;
    return model(ModelAccess.modelFor(policies.current(), user, id.substring(1)));
  }

  private static Model model(ModelRoute route) {
    return new Model(route.name(), "model", 0, route.engine().name().toLowerCase(Locale.ROOT),
        route.contextLength());
  }
}
