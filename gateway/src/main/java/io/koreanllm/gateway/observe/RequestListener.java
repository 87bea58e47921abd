package io.koreanllm.gateway.observe;

/** Told of every request to a model route when it ends. Called on the request's thread: must not block. */
public interface RequestListener {

  void requestEnded(RequestRecord record);
}
