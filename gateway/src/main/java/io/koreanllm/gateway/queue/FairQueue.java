package io.koreanllm.gateway.queue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which requests waiting for one model's capacity get it. Not thread-safe: its owner locks.
 *
 * <p><b>Between classes</b> (e.g. interactive above batch): stride scheduling by request. Each class has a weight
 * and a pass; the non-empty class whose pass would be lowest after its turn goes next, and its pass grows by
 * {@code 1 / weight}. While
 * both are waiting, a class of weight w gets w of every W (the weights' sum) dispatches, so a lower class is never
 * starved: batch at weight 1 against interactive at 9 still gets one slot in ten. A class that was empty starts at
 * the lowest pass of those waiting, so idle time earns no credit.
 *
 * <p><b>Within a class</b>: a virtual token counter per user (Sheng et al., "Fairness in Serving Large Language
 * Models", OSDI 2024). The user whose counter is lowest goes next, their oldest request first; the counter grows by
 * the tokens the request reserves (prompt + max_tokens × n) and is corrected to what it really used when it ends.
 * A user who starts waiting is lifted to the lowest counter of those waiting, so absence earns no credit. The bound:
 * between two users of one class who both keep requests waiting, the counters never differ by more than the largest
 * reservation of one request; the service they received differs by no more than that plus what each had in flight.
 *
 * @param <T> what waits: the queue only needs its user, class and cost
 */
final class FairQueue<T> {

  /** One waiting element with what the discipline reads of it; {@code sequence} orders arrivals. */
  record Waiting<T>(T item, String user, int lane, long cost, long sequence) {
  }

  /** Divisible by every weight up to 16, so passes stay whole numbers and ties stay ties. */
  private static final long ROUND = 720_720;

  private final long[] strides;
  private final long[] passes;
  private final List<Lane> lanes = new ArrayList<>();
  private int size;
  private long arrivals;

  /** @param weights one per class, highest class first; each ≥ 1 */
  FairQueue(int... weights) {
    strides = new long[weights.length];
    passes = new long[weights.length];
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 1) {
        throw new IllegalArgumentException("class weights must be at least 1");
      }
      strides[i] = ROUND / weights[i];
      lanes.add(new Lane());
    }
  }

  /** Puts an element in line; the returned handle takes it out again ({@link #remove}). */
  Waiting<T> add(T item, String user, int laneIndex, long cost) {
    Waiting<T> waiting = new Waiting<>(item, user, laneIndex, cost, arrivals++);
    Lane lane = lanes.get(waiting.lane());
    if (lane.isEmpty()) {
      passes[waiting.lane()] = Math.max(passes[waiting.lane()], lowestPass());
    }
    lane.add(waiting);
    size++;
    return waiting;
  }

  /** What {@link #next} would take, left in place; null when none waits. */
  Waiting<T> peek() {
    int lane = nextLane();
    return lane < 0 ? null : lanes.get(lane).peek();
  }

  /** The next to dispatch, taken out of the queue and charged its cost; null when none waits. */
  Waiting<T> next() {
    int lane = nextLane();
    if (lane < 0) {
      return null;
    }
    passes[lane] += strides[lane];
    size--;
    return lanes.get(lane).next();
  }

  private int nextLane() {
    int chosen = -1;
    for (int i = 0; i < lanes.size(); i++) {
      // By the pass each would reach (its finishing tag), so a class joining others takes its turns first in a
      // round rather than last; between equals, the higher class.
      if (!lanes.get(i).isEmpty() && (chosen < 0 || passes[i] + strides[i] < passes[chosen] + strides[chosen])) {
        chosen = i;
      }
    }
    return chosen;
  }

  /**
   * Takes out an element a slot was taken for, charged as {@link #next} would charge it: the element the queue
   * had at its head when the slot was asked for, whichever is at the head now.
   */
  void dispatch(Waiting<T> waiting) {
    if (lanes.get(waiting.lane()).remove(waiting)) {
      size--;
      passes[waiting.lane()] += strides[waiting.lane()];
      lanes.get(waiting.lane()).counters.merge(waiting.user(), waiting.cost(), Long::sum);
    }
  }

  /** Takes a waiting element out (its client left, or it waited too long); false when it was not waiting. */
  boolean remove(Waiting<T> waiting) {
    if (lanes.get(waiting.lane()).remove(waiting)) {
      size--;
      return true;
    }
    return false;
  }

  /** Corrects a user's counter once a dispatched request's real cost is known. */
  void corrected(int lane, String user, long delta) {
    lanes.get(lane).corrected(user, delta);
  }

  int size() {
    return size;
  }

  int waiting(int lane) {
    return lanes.get(lane).size;
  }

  /** A user's counter in a class: the tokens the discipline has charged them. */
  long counter(int lane, String user) {
    Long counter = lanes.get(lane).counters.get(user);
    return counter == null ? 0 : counter;
  }

  private long lowestPass() {
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < lanes.size(); i++) {
      if (!lanes.get(i).isEmpty()) {
        lowest = Math.min(lowest, passes[i]);
      }
    }
    return lowest == Long.MAX_VALUE ? 0 : lowest;
  }

  /** One class: its users' counters and each user's waiting requests, oldest first. */
  private final class Lane {

    final Map<String, Long> counters = new HashMap<>();
    final Map<String, Deque<Waiting<T>>> byUser = new HashMap<>();
    int size;

    boolean isEmpty() {
      return size == 0;
    }

    void add(Waiting<T> waiting) {
      if (!byUser.containsKey(waiting.user())) {
        long floor = lowestWaitingCounter(); // before this user counts as waiting
        counters.merge(waiting.user(), floor, Math::max);
      }
      byUser.computeIfAbsent(waiting.user(), user -> new ArrayDeque<>()).addLast(waiting);
      size++;
    }

    Waiting<T> peek() {
      return byUser.get(nextUser()).peekFirst();
    }

    Waiting<T> next() {
      String chosen = nextUser();
      Deque<Waiting<T>> queue = byUser.get(chosen);
      Waiting<T> next = queue.removeFirst();
      if (queue.isEmpty()) {
        byUser.remove(chosen);
      }
      size--;
      counters.merge(chosen, next.cost(), Long::sum);
      return next;
    }

    /** The waiting user with the lowest counter; between equals, the one whose oldest request came first. */
    private String nextUser() {
      String chosen = null;
      long lowest = Long.MAX_VALUE;
      long earliest = Long.MAX_VALUE;
      for (Map.Entry<String, Deque<Waiting<T>>> user : byUser.entrySet()) {
        long counter = counters.getOrDefault(user.getKey(), 0L);
        long arrival = user.getValue().peekFirst().sequence();
        if (counter < lowest || counter == lowest && arrival < earliest) {
          chosen = user.getKey();
          lowest = counter;
          earliest = arrival;
        }
      }
      return chosen;
    }

    boolean remove(Waiting<T> waiting) {
      Deque<Waiting<T>> queue = byUser.get(waiting.user());
      if (queue == null || !queue.remove(waiting)) {
        return false;
      }
      if (queue.isEmpty()) {
        byUser.remove(waiting.user());
      }
      size--;
      return true;
    }

    void corrected(String user, long delta) {
      counters.computeIfPresent(user, (name, counter) -> Math.max(0, counter + delta));
    }

    /** The lowest counter among users waiting now; when nobody waits, the highest counter seen (nobody banks). */
    private long lowestWaitingCounter() {
      long lowest = Long.MAX_VALUE;
      for (String user : byUser.keySet()) {
        lowest = Math.min(lowest, counters.getOrDefault(user, 0L));
      }
      if (lowest != Long.MAX_VALUE) {
        return lowest;
      }
      return counters.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }
}
