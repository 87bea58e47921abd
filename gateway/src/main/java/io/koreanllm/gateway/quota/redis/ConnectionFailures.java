package io.koreanllm.gateway.quota.redis;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.springframework.data.redis.RedisConnectionFailureException;

/**
 * Which failures of a Redis call mean Redis cannot be reached: the connection refused, reset, closed or not
 * connected. A slow answer is not one of them, nor is an error Redis itself answers (a script error, OOM, READONLY):
 * those leave the failure mode alone.
 */
final class ConnectionFailures {

  private ConnectionFailures() {
  }

  static boolean isConnectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RedisConnectionFailureException || cause instanceof RedisConnectionException
          || cause instanceof ClosedChannelException || cause instanceof IOException) {
        return true;
      }
      // Lettuce reports a dropped connection, and commands refused while disconnected, as plain RedisExceptions.
      if (cause instanceof RedisException && cause.getMessage() != null
          && (cause.getMessage().contains("Connection closed") || cause.getMessage().contains("not connected"))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
