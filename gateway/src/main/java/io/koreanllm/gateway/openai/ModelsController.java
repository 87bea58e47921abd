package io.koreanllm.gateway.openai;

import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.security.Caller;
import io.koreanllm.policy.ModelRoute;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the models the caller may use, in OpenAI's list shape. */
@RestController
public class ModelsController {

  private final PolicyHolder policies;

  public ModelsController(PolicyHolder policies) {
    this.policies = policies;
  }

  public record ModelList(String object, List<Model> data) {
  }

  public record Model(String id, String object, long created, String ownedBy) {
  }

  @GetMapping("/v1/models")
  public ModelList models(@AuthenticationPrincipal Caller caller) {
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
