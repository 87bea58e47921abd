package io.koreanllm.simulator.control;

import io.koreanllm.simulator.web.ApiError;
import io.koreanllm.simulator.web.JsonBodies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /sim/*}: how tests steer the simulator (settings) and observe it (stats). Not part of any real server. */
@Configuration(proxyBeanMethods = false)
class ControlRoutes {

  @Bean
  RouterFunction<ServerResponse> controlRouter(SettingsStore settings, SimulatorStats stats, JsonBodies bodies) {
    return RouterFunctions.route()
        .GET("/sim/settings", request -> ServerResponse.ok().bodyValue(settings.current()))
        .PUT("/sim/settings", request -> bodies.read(request).flatMap(body -> {
          try {
            return ServerResponse.ok().bodyValue(settings.update(body.tree()));
          } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage(), null);
          }
        }))
        .GET("/sim/stats", request -> ServerResponse.ok().bodyValue(stats.snapshot()))
        .POST("/sim/reset", request -> {
          stats.reset();
          settings.reset();
          return ServerResponse.noContent().build();
        })
        .onError(ApiError.class, ApiError::respond)
        .build();
  }
}
