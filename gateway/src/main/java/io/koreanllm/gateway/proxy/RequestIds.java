package io.koreanllm.gateway.proxy;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: {@code req-} and a random (version 4) UUID. */
final class RequestIds {

  private RequestIds() {
  }

  /**
   * A unique id (122 random bits), from a fast generator: {@code UUID.randomUUID()} reads the operating system's
   * entropy under a lock, and the id is no secret (the client gets it back in {@code x-request-id}).
   */
  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & ~0xF000L | 0x4000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return "req-" + new UUID(high, low);
  }
}
