package io.koreanllm.gateway.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * One model's line on a controlled clock: a slot never stays idle while someone waits, a higher class goes first
 * and a lower one still gets its turn, a wait longer than its class allows ends in a timeout that takes nothing,
 * a client who leaves while waiting is taken out of line, and the server's own queue holds the line back.
 */
class ModelQueueTest {

  private static final int INTERACTIVE = 0;
  private static final int BATCH = 1;
  private static final Duration INTERACTIVE_WAIT = Duration.ofSeconds(30);
  private static final Duration BATCH_WAIT = Duration.ofMinutes(5);
  /** How long a reading of the server's queue stands. */
  private static final Duration FRESH = Duration.ofSeconds(15);

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Disposable> subscriptions = new ArrayList<>();

  @AfterEach
  void stop() {
    subscriptions.forEach(Disposable::dispose);
    clock.dispose();
  }

  private ModelQueue queue(int slots) {
    return queue(slots, 0);
  }

  private ModelQueue queue(int slots, int interactiveReserve) {
    return new ModelQueue(new LocalCapacity(slots, 0, interactiveReserve), new int[] {9, 1},
        new Duration[] {INTERACTIVE_WAIT, BATCH_WAIT}, clock, new QueueListener() {
          @Override
          public void enqueued(int lane) {
          }

          @Override
          public void dispatched(int lane, String user, long cost, Duration waited) {
          }

          @Override
          public void timedOut(int lane) {
            events.add("timeout " + lane);
          }

          @Override
          public void left(int lane) {
            events.add("left " + lane);
          }
        });
  }

  /** A request waiting for a slot; what it got lands in {@code slots} or {@code errors}. */
  private final class Client {
    final List<Slot> slots = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final Disposable subscription;
    boolean ended;

    Client(ModelQueue queue, String id, String user, int lane) {
      subscription = queue.acquire(id, user, lane, 100).subscribe(slots::add, errors::add);
      subscriptions.add(subscription);
    }

    boolean dispatched() {
      return !slots.isEmpty();
    }

    boolean running() {
      return dispatched() && !ended;
    }

    void done() {
      ended = true;
      slots.get(0).release(80);
    }
  }

  @Test
  void neverAnIdleSlotWhileSomeoneWaits() {
    ModelQueue queue = queue(2);
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clients.add(new Client(queue, "req-" + i, "batch-user", BATCH));
    }
    assertThat(clients.stream().filter(Client::running)).hasSize(2);
    for (int ended = 1; ended <= 4; ended++) {
      clients.stream().filter(Client::running).findFirst().orElseThrow().done();
      assertThat(clients.stream().filter(Client::running)).as("after %d ended: both slots busy again", ended)
          .hasSize(2);
    }
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void aHigherClassGoesFirstAndTheLowerStillGetsItsTurn() {
    ModelQueue queue = queue(1);
    Client running = new Client(queue, "running", "batch-user", BATCH);
    List<Client> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(new Client(queue, "batch-" + i, "batch-user", BATCH));
    }
    List<Client> interactive = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      interactive.add(new Client(queue, "chat-" + i, "chat-user-" + i, INTERACTIVE));
    }
    Client current = running;
    List<Integer> lanes = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      current.done();
      current = next(batch, interactive);
      lanes.add(interactive.contains(current) ? INTERACTIVE : BATCH);
    }
    assertThat(lanes.subList(0, 9)).as("chats waiting behind a batch job go first").allMatch(lane -> lane == 0);
    for (int window = 0; window + 10 <= lanes.size(); window++) {
      assertThat(lanes.subList(window, window + 10)).as("every ten dispatches from %d", window).contains(BATCH);
    }
  }

  @Test
  void aReservedSlotWaitsForTheHigherClassOnly() {
    ModelQueue queue = queue(3, 1);
    List<Client> batch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batch.add(new Client(queue, "batch-" + i, "batch-user", BATCH));
    }
    assertThat(batch.stream().filter(Client::running)).as("batch takes all but the reserved slot").hasSize(2);
    Client chat = new Client(queue, "chat", "chat-user", INTERACTIVE);
    assertThat(chat.running()).as("the chat finds the reserved slot free").isTrue();
    chat.done();
    assertThat(batch.stream().filter(Client::running)).as("the reserved slot stays the chat class's").hasSize(2);
  }

  @Test
  void aRequestThatWaitsTooLongTimesOutHoldingNothing() {
    ModelQueue queue = queue(1);
    Client running = new Client(queue, "running", "kim", BATCH);
    Client waiting = new Client(queue, "waiting", "lee", INTERACTIVE);
    clock.advanceTimeBy(INTERACTIVE_WAIT.minusSeconds(1));
    assertThat(waiting.errors).isEmpty();
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(waiting.errors).singleElement().isInstanceOf(QueueTimeoutException.class);
    QueueTimeoutException timeout = (QueueTimeoutException) waiting.errors.get(0);
    assertThat(timeout.waited()).isEqualTo(INTERACTIVE_WAIT);
    assertThat(timeout.retryAfter()).isPositive();
    assertThat(events).containsExactly("timeout 0");
    assertThat(queue.waiting()).isZero();
    // The slot it never got is still free for the next request once the running one ends.
    running.done();
    Client next = new Client(queue, "next", "park", BATCH);
    assertThat(next.dispatched()).isTrue();
  }

  @Test
  void aClientWhoLeavesWhileWaitingIsTakenOutOfLine() {
    ModelQueue queue = queue(1);
    Client running = new Client(queue, "running", "kim", BATCH);
    Client leaving = new Client(queue, "leaving", "lee", INTERACTIVE);
    Client staying = new Client(queue, "staying", "park", BATCH);
    leaving.subscription.dispose();
    assertThat(events).containsExactly("left 0");
    assertThat(queue.waiting()).isEqualTo(1);
    running.done();
    assertThat(leaving.dispatched()).isFalse();
    assertThat(staying.dispatched()).isTrue();
    clock.advanceTimeBy(BATCH_WAIT.multipliedBy(2));
    assertThat(staying.errors).as("dispatched: no timeout later").isEmpty();
  }

  @Test
  void whileTheServerQueuesRequestsOfItsOwnTheLineSendsItNothingMore() {
    ModelQueue queue = queue(4);
    List<Client> first = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      first.add(new Client(queue, "first-" + i, "kim", BATCH));
    }
    // The server runs two of the four: the other two wait in its own queue, at two scrapes in a row.
    queue.engineReported(2, FRESH);
    queue.engineReported(2, FRESH);
    assertThat(queue.view().engineBacklog()).isEqualTo(2);

    first.get(0).done();
    Client next = new Client(queue, "next", "lee", INTERACTIVE);
    Client after = new Client(queue, "after", "park", BATCH);
    assertThat(next.dispatched()).as("a slot is free here, but the server would only queue it").isFalse();
    assertThat(queue.view().engineBacklog()).isEqualTo(1);

    first.get(1).done();
    assertThat(next.dispatched()).as("both requests the server queued have started").isTrue();
    assertThat(after.dispatched()).as("and the line fills the capacity again").isTrue();
    assertThat(queue.view().engineBacklog()).isZero();
  }

  @Test
  void aSingleReadingAnEmptyQueueOrAStaleReadingHoldsNothing() {
    ModelQueue queue = queue(4);
    new Client(queue, "running", "kim", BATCH);
    queue.engineReported(3, FRESH);
    assertThat(new Client(queue, "after-one-reading", "lee", BATCH).dispatched())
        .as("one reading may be a request caught between two slots").isTrue();

    queue.engineReported(3, FRESH);
    Client held = new Client(queue, "held", "park", BATCH);
    assertThat(held.dispatched()).isFalse();
    queue.engineReported(0, FRESH);
    assertThat(held.dispatched()).as("the server's queue is empty").isTrue();

    queue.engineReported(1, FRESH);
    queue.engineReported(1, FRESH);
    Client stale = new Client(queue, "stale", "choi", BATCH);
    assertThat(stale.dispatched()).isFalse();
    clock.advanceTimeBy(FRESH);
    assertThat(stale.dispatched()).as("no newer reading: the old one no longer holds").isTrue();
  }

  @Test
  void aWrongReadingCannotStallTheLine() {
    ModelQueue queue = queue(2);
    queue.engineReported(50, FRESH);
    queue.engineReported(50, FRESH);
    Client first = new Client(queue, "first", "kim", BATCH);
    Client second = new Client(queue, "second", "lee", BATCH);
    assertThat(first.dispatched()).as("nothing of the line runs: one request goes whatever the server says").isTrue();
    assertThat(second.dispatched()).isFalse();
    first.done();
    assertThat(second.dispatched()).isTrue();
  }

  /** The one request running on the one slot. */
  private static Client next(List<Client> batch, List<Client> interactive) {
    List<Client> all = new ArrayList<>(interactive);
    all.addAll(batch);
    List<Client> running = all.stream().filter(Client::running).toList();
    assertThat(running).as("exactly one request runs on the one slot").hasSize(1);
    return running.get(0);
  }
}
