package io.koreanllm.gateway.policy;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;

/** The one answer to "may this user use this model": its route, or the error the user is told. */
public final class ModelAccess {

  private ModelAccess() {
  }

  /** The model's route when it exists (404 {@code model_not_found}) and the user may use it (403). */
  public static ModelRoute modelFor(Policy policy, UserPolicy user, String name) {
    ModelRoute model = policy.model(name).orElseThrow(() -> ApiError.modelNotFound(name));
    if (user != null && !user.allowsModel(model.name())) {
      throw ApiError.forbidden("model_not_allowed", "You may not use the model '" + model.name()
          + "'. / 모델 '" + model.name() + "'을(를) 사용할 권한이 없습니다.").notRetryable();
    }
    return model;
  }
}
