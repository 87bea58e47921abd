package io.koreanllm.gateway.queue;

import java.util.Map;

/**
 * A model's line as it stands.
 *
 * @param running requests dispatched by this replica and not yet ended
 * @param tokensInFlight what those reserved
 * @param waiting requests waiting, per class (highest first)
 * @param runningByUser requests each user has running
 * @param engineBacklog requests the model server has queued that hold the line back (see {@link ModelQueue})
 */
record QueueView(int running, long tokensInFlight, int[] waiting, Map<String, Long> runningByUser,
    int engineBacklog) {
}
