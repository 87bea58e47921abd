package io.koreanllm.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The discipline's promises: order, the fairness bound, no starvation of a class, and no idle dispatch. */
class FairQueueTest {

  private static final int INTERACTIVE = 0;
  private static final int BATCH = 1;

  /** Two users who keep requests waiting never drift apart by more than one request's cost. */
  @Property
  void backloggedUsersStayWithinOneRequestOfEachOther(
      @ForAll @Size(min = 2, max = 5) List<@LongRange(min = 1, max = 4000) Long> maxCostPerUser,
      @ForAll @IntRange(min = 50, max = 400) int dispatches, @ForAll long seed) {
    java.util.Random random = new java.util.Random(seed);
    FairQueue<String> queue = new FairQueue<>(9, 1);
    int users = maxCostPerUser.size();
    long largest = maxCostPerUser.stream().mapToLong(Long::longValue).max().orElseThrow();
    for (int user = 0; user < users; user++) {
      for (int i = 0; i < 3; i++) {
        queue.add("u" + user, "u" + user, INTERACTIVE, 1 + random.nextLong(maxCostPerUser.get(user)));
      }
    }
    for (int i = 0; i < dispatches; i++) {
      FairQueue.Waiting<String> next = queue.next();
      // Keep every user backlogged: each dispatch is followed by a new request of the same user.
      queue.add(next.item(), next.user(), INTERACTIVE, 1 + random.nextLong(maxCostPerUser.get(index(next.user()))));
      long most = 0;
      long least = Long.MAX_VALUE;
      for (int user = 0; user < users; user++) {
        long counter = queue.counter(INTERACTIVE, "u" + user);
        most = Math.max(most, counter);
        least = Math.min(least, counter);
      }
      assertThat(most - least).as("counters after %d dispatches", i + 1).isLessThanOrEqualTo(largest);
    }
  }

  /** With both classes waiting, each gets its weight's share of every round: the lower class never starves. */
  @Property
  void everyClassGetsItsShareOfEveryRound(@ForAll @IntRange(min = 1, max = 20) int interactiveWeight,
      @ForAll @IntRange(min = 1, max = 20) int batchWeight, @ForAll @IntRange(min = 1, max = 30) int rounds) {
    FairQueue<Integer> queue = new FairQueue<>(interactiveWeight, batchWeight);
    int round = interactiveWeight + batchWeight;
    for (int i = 0; i < round * rounds + round; i++) {
      queue.add(i, "interactive-user", INTERACTIVE, 100);
      queue.add(i, "batch-user", BATCH, 100);
    }
    for (int r = 0; r < rounds; r++) {
      int[] got = new int[2];
      for (int i = 0; i < round; i++) {
        got[queue.next().lane()]++;
      }
      assertThat(got[INTERACTIVE]).isBetween(interactiveWeight - 1, interactiveWeight + 1);
      assertThat(got[BATCH]).as("batch in round %d", r).isBetween(Math.max(1, batchWeight - 1), batchWeight + 1);
    }
  }

  /** Whatever is added and taken out, something is dispatched while something waits, each once, in FIFO per user. */
  @Property
  void dispatchesEveryWaitingRequestOnceInOrderPerUser(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 11) Integer> actions) {
    FairQueue<Integer> queue = new FairQueue<>(3, 1);
    List<FairQueue.Waiting<Integer>> waiting = new ArrayList<>();
    Map<String, Integer> lastDispatched = new HashMap<>();
    int next = 0;
    for (int action : actions) {
      if (action < 6) {
        waiting.add(queue.add(next++, "user" + (action % 3), action % 2, 10 + action));
      } else if (action < 10) {
        FairQueue.Waiting<Integer> dispatched = queue.next();
        assertThat(dispatched == null).isEqualTo(waiting.isEmpty());
        if (dispatched != null) {
          assertThat(waiting.remove(dispatched)).as("dispatched once").isTrue();
          Integer previous = lastDispatched.put(dispatched.user() + dispatched.lane(), dispatched.item());
          assertThat(previous == null || previous < dispatched.item()).as("FIFO per user and class").isTrue();
        }
      } else if (!waiting.isEmpty()) {
        FairQueue.Waiting<Integer> leaving = waiting.remove(0);
        assertThat(queue.remove(leaving)).isTrue();
        assertThat(queue.remove(leaving)).as("only once").isFalse();
      }
      assertThat(queue.size()).isEqualTo(waiting.size());
    }
  }

  @Test
  void aUserWhoWasAwayEarnsNoCredit() {
    FairQueue<String> queue = new FairQueue<>(1, 1);
    for (int i = 0; i < 10; i++) {
      queue.add("batch job " + i, "alone", INTERACTIVE, 1000);
    }
    for (int i = 0; i < 9; i++) {
      queue.next();
    }
    // A colleague comes: lifted to the lowest counter waiting, not 0, so the two alternate from here on.
    queue.add("question", "colleague", INTERACTIVE, 1000);
    assertThat(queue.counter(INTERACTIVE, "colleague")).isEqualTo(queue.counter(INTERACTIVE, "alone"));
    queue.add("batch job 10", "alone", INTERACTIVE, 1000);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      order.add(queue.next().user());
    }
    assertThat(order).containsExactly("alone", "colleague", "alone");
  }

  @Test
  void aCorrectionChargesWhatWasUsedNotWhatWasReserved() {
    FairQueue<String> queue = new FairQueue<>(1, 1);
    queue.add("long reservation", "kim", BATCH, 2000);
    queue.next();
    queue.corrected(BATCH, "kim", 150 - 2000);
    assertThat(queue.counter(BATCH, "kim")).isEqualTo(150);
  }

  private static int index(String user) {
    return Integer.parseInt(user.substring(1));
  }
}
