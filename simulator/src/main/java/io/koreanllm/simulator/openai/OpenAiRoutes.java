package io.koreanllm.simulator.openai;

import io.koreanllm.chattemplate.TemplateException;
import io.koreanllm.simulator.web.ApiError;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The model server's HTTP surface, as vLLM and SGLang expose it. */
@Configuration(proxyBeanMethods = false)
class OpenAiRoutes {

  @Bean
  RouterFunction<ServerResponse> openAiRouter(GenerationHandler generation, ModelsHandler models,
      EmbeddingsHandler embeddings) {
    return RouterFunctions.route()
        .POST("/v1/chat/completions", generation::chat)
        .POST("/v1/completions", generation::completion)
        .POST("/v1/embeddings", embeddings::embed)
        .GET("/v1/models", models::list)
        .POST("/tokenize", models::tokenize)
        // vLLM answers its health check with 200 and an empty body.
        .GET("/health", request -> ServerResponse.ok().build())
        // Messages the chat template refuses (e.g. roles out of order) are the client's error, as in vLLM.
        .onError(TemplateException.class,
            (error, request) -> ApiError.respond(ApiError.badRequest(error.getMessage(), "messages"), request))
        .onError(ApiError.class, ApiError::respond)
        .build();
  }
}
