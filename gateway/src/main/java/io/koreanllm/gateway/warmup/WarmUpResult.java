package io.koreanllm.gateway.warmup;

import java.time.Duration;

/**
 * What the warm-up did before this instance started.
 *
 * @param requests how many requests went through the private instance
 * @param failed   how many of them did not get a 2xx answer
 * @param settled  whether settling rounds found the JIT's compilers almost idle (false too when none ran)
 * @param scripts  how many Redis scripts the stand-in for Redis answered (0 with the embedded store)
 * @param took     from the warm-up's start to its instance's end
 * @param error    why the warm-up stopped early, or null
 */
public record WarmUpResult(int requests, int failed, boolean settled, int scripts, Duration took, String error) {
}
