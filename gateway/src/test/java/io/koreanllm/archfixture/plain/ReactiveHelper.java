package io.koreanllm.archfixture.plain;

import reactor.core.publisher.Mono;

/** A "plain" class importing Reactor, which ArchitectureTest's plain-module rule must reject. */
public class ReactiveHelper {

  public Mono<String> greeting() {
    return Mono.just("안녕하세요");
  }
}
