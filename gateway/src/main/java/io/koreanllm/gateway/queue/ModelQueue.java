package io.koreanllm.gateway.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * The requests waiting for one model's capacity, dispatched in {@link FairQueue} order as slots free: never an idle
 * slot while someone waits (a freed slot, here or at another replica, starts the next dispatch at once; a periodic
 * look covers a signal lost on the way). A request waits at most its class's longest wait, then fails with
 * {@link QueueTimeoutException}; a request whose client leaves is taken out of the line.
 *
 * <p>The capacity is the primary signal; the model server's own {@code /metrics} correct it. While the server says
 * requests wait in its queue (at two readings in a row, so not a request caught between one slot freeing and the
 * next starting), the capacity is more than it can run now: the line sends nothing more, since that would only
 * lengthen the server's first-come queue where the fair order is lost, until as many of its requests have ended, a
 * reading says the queue is empty, or the reading goes stale. One request is always let through when none of this
 * line's runs, so a wrong reading cannot stall it.
 */
final class ModelQueue implements AutoCloseable {

  private static final Duration LOOK_AGAIN = Duration.ofMillis(100);

  private final FairQueue<Ticket> line;
  private final ModelCapacity capacity;
  private final Duration[] maxWait;
  private final Scheduler timer;
  private final DrainRate drain;
  private final QueueListener listener;
  private final AtomicBoolean pumping = new AtomicBoolean();
  private final Disposable watching;
  private final Map<String, Running> running = new HashMap<>();
  private volatile boolean again;
  /** Requests the server has queued, less those ended here since it said so; guarded by this. */
  private int engineBacklog;
  private int lastEngineWaiting;
  private long engineBacklogUntilNanos;

  /**
   * @param weights one per class, highest first ({@link FairQueue})
   * @param maxWait one per class: the longest a request of it waits
   * @param timer where waits are timed (a virtual one in tests)
   */
  ModelQueue(ModelCapacity capacity, int[] weights, Duration[] maxWait, Scheduler timer, QueueListener listener) {
    this.line = new FairQueue<>(weights);
    this.capacity = capacity;
    this.maxWait = maxWait.clone();
    this.timer = timer;
    this.drain = new DrainRate(timer);
    this.listener = listener;
    this.watching = Flux.merge(capacity.freedElsewhere(),
            Flux.interval(LOOK_AGAIN, timer).filter(tick -> waiting() > 0))
        .subscribe(signal -> pump());
  }

  /** What a request is while it waits: its place in line and how it learns it may go. */
  private static final class Ticket {

    enum State { WAITING, DISPATCHED, GONE }

    final String leaseId;
    final String user;
    final int lane;
    final long cost;
    final long enqueuedNanos;
    final Sinks.One<Slot> dispatched = Sinks.one();
    FairQueue.Waiting<Ticket> place;
    Disposable deadline;
    Slot slot;
    State state = State.WAITING;

    Ticket(String leaseId, String user, int lane, long cost, long enqueuedNanos) {
      this.leaseId = leaseId;
      this.user = user;
      this.lane = lane;
      this.cost = cost;
      this.enqueuedNanos = enqueuedNanos;
    }
  }

  /** What a dispatched request holds, for the queue's view of who runs. */
  private record Running(String user, int lane, long cost) {
  }

  /**
   * Waits for a slot in line; completes when one is taken for this request.
   *
   * @param leaseId unique per request (its id)
   * @param lane the request's class, 0 highest
   * @param cost the tokens it reserves: what the fairness counters charge it
   */
  Mono<Slot> acquire(String leaseId, String user, int lane, long cost) {
    return Mono.defer(() -> {
      Ticket ticket = new Ticket(leaseId, user, lane, cost, timer.now(TimeUnit.NANOSECONDS));
      synchronized (this) {
        ticket.place = line.add(ticket, user, lane, cost);
      }
      listener.enqueued(lane);
      ticket.deadline = Mono.delay(maxWait[lane], timer).subscribe(tick -> timedOut(ticket));
      pump();
      return ticket.dispatched.asMono().doOnCancel(() -> cancelled(ticket));
    });
  }

  int waiting() {
    synchronized (this) {
      return line.size();
    }
  }

  /**
   * What the model server said waits in its own queue.
   *
   * @param freshFor how long the reading stands unless a newer one comes
   */
  void engineReported(int waiting, Duration freshFor) {
    synchronized (this) {
      engineBacklog = Math.min(waiting, lastEngineWaiting);
      lastEngineWaiting = waiting;
      engineBacklogUntilNanos = timer.now(TimeUnit.NANOSECONDS) + freshFor.toNanos();
    }
    pump();
  }

  /** The server's queued requests that hold the line back now, 0 once the reading is stale (see the class comment). */
  private synchronized int engineBacklog() {
    return timer.now(TimeUnit.NANOSECONDS) < engineBacklogUntilNanos ? engineBacklog : 0;
  }

  synchronized QueueView view() {
    int lanes = maxWait.length;
    int[] waiting = new int[lanes];
    for (int lane = 0; lane < lanes; lane++) {
      waiting[lane] = line.waiting(lane);
    }
    Map<String, Long> runningByUser = new HashMap<>();
    long tokens = 0;
    for (Running request : running.values()) {
      runningByUser.merge(request.user(), 1L, Long::sum);
      tokens += request.cost();
    }
    return new QueueView(running.size(), tokens, waiting, runningByUser, engineBacklog());
  }

  /** Dispatches waiting requests while slots are free; one pass at a time, again if asked meanwhile. */
  private void pump() {
    again = true;
    if (pumping.compareAndSet(false, true)) {
      again = false;
      step();
    }
  }

  private void step() {
    Ticket head;
    boolean heldByEngine;
    synchronized (this) {
      FairQueue.Waiting<Ticket> next = line.peek();
      head = next == null ? null : next.item();
      heldByEngine = engineBacklog() > 0 && !running.isEmpty();
    }
    if (head == null) {
      advertise(-1);
      stop();
      return;
    }
    advertise(head.lane);
    if (heldByEngine) {
      stop();
      return;
    }
    capacity.take(head.leaseId, head.cost, head.lane).subscribe(taken -> {
      if (taken) {
        dispatch(head);
        step();
      } else {
        stop();
      }
    }, error -> stop());
  }

  private void stop() {
    pumping.set(false);
    if (again && pumping.compareAndSet(false, true)) {
      again = false;
      step();
    }
  }

  private void advertise(int bestLane) {
    capacity.waiting(bestLane).subscribe(done -> { }, error -> { });
  }

  private void dispatch(Ticket ticket) {
    Slot slot;
    synchronized (this) {
      if (ticket.state != Ticket.State.WAITING) {
        slot = null;
      } else {
        line.dispatch(ticket.place);
        ticket.state = Ticket.State.DISPATCHED;
        Duration waited = Duration.ofNanos(timer.now(TimeUnit.NANOSECONDS)
            - ticket.enqueuedNanos);
        slot = new Slot(this, ticket.leaseId, ticket.user, ticket.lane, ticket.cost, waited);
        ticket.slot = slot;
        running.put(ticket.leaseId, new Running(ticket.user, ticket.lane, ticket.cost));
      }
    }
    if (slot == null) {
      // Gone while its slot was being taken: the slot goes back.
      capacity.give(ticket.leaseId).subscribe();
      return;
    }
    ticket.deadline.dispose();
    listener.dispatched(ticket.lane, ticket.user, ticket.cost, slot.waited());
    ticket.dispatched.tryEmitValue(slot);
  }

  private void timedOut(Ticket ticket) {
    Duration waited;
    synchronized (this) {
      if (ticket.state != Ticket.State.WAITING) {
        return;
      }
      ticket.state = Ticket.State.GONE;
      line.remove(ticket.place);
      waited = Duration.ofNanos(timer.now(TimeUnit.NANOSECONDS) - ticket.enqueuedNanos);
    }
    listener.timedOut(ticket.lane);
    ticket.dispatched.tryEmitError(new QueueTimeoutException(waited, drain.timeFor(waiting() + 1)));
    pump();
  }

  private void cancelled(Ticket ticket) {
    Slot handed;
    synchronized (this) {
      if (ticket.state == Ticket.State.WAITING) {
        ticket.state = Ticket.State.GONE;
        line.remove(ticket.place);
        handed = null;
      } else {
        handed = ticket.slot; // dispatched, but its client left before it got the slot
      }
    }
    ticket.deadline.dispose();
    if (handed != null) {
      handed.release(ticket.cost);
    }
    listener.left(ticket.lane);
    pump();
  }

  /** A slot is given back; the user's counter is corrected to what the request really used. */
  void released(Slot slot, long usedTokens) {
    synchronized (this) {
      if (running.remove(slot.leaseId()) == null) {
        return;
      }
      line.corrected(slot.lane(), slot.user(), usedTokens - slot.cost());
      // The server starts one of its queued requests in the slot this one leaves.
      engineBacklog = Math.max(0, engineBacklog - 1);
    }
    drain.freed();
    capacity.give(slot.leaseId()).subscribe(done -> { }, error -> { }, this::pump);
  }

  @Override
  public void close() {
    watching.dispose();
  }
}
