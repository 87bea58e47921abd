package io.koreanllm.gateway.admin;

import io.koreanllm.gateway.http.ApiError;

/** A {@code limit} query parameter: a whole number from 1 to a maximum, or a 400 saying so. */
final class QueryLimit {

  private QueryLimit() {
  }

  static int parse(String limit, int max) {
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal below
    }
    throw ApiError.invalidRequest("limit", "'limit' must be a whole number from 1 to " + max
        + " (was '" + limit + "').");
  }
}
