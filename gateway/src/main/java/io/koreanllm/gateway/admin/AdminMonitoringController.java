package io.koreanllm.gateway.admin;

import io.koreanllm.gateway.backend.BackendMonitor;
import io.koreanllm.gateway.backend.BackendStatus;
import io.koreanllm.gateway.observe.GatewayMetrics;
import io.koreanllm.gateway.observe.RecentRequests;
import io.koreanllm.gateway.observe.RequestRecord;
import io.koreanllm.gateway.observe.TimerPercentiles;
import io.koreanllm.gateway.parity.Parity;
import io.koreanllm.gateway.parity.ParityStates;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.queue.Queues;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.UserPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the dashboard watches besides usage: the requests this replica saw end ({@code /admin/requests}) and each
 * model's backend ({@code /admin/backends}). Admin key only.
 */
@RestController
class AdminMonitoringController {

  private final PolicyHolder policies;
  private final RecentRequests recent;
  private final BackendMonitor backends;
  private final GatewayMetrics metrics;
  private final Queues queues;
  private final ParityStates parity;

  AdminMonitoringController(PolicyHolder policies, RecentRequests recent, BackendMonitor backends,
      GatewayMetrics metrics, Queues queues, ParityStates parity) {
    this.queues = queues;
    this.parity = parity;
    this.policies = policies;
    this.recent = recent;
    this.backends = backends;
    this.metrics = metrics;
  }

  /** A request as the dashboard lists it; durations in milliseconds, null where they do not apply. */
  public record RecentRequest(Instant time, String requestId, String user, String displayName, String model,
      boolean stream, String outcome, String reason, int status, long promptTokens, long completionTokens,
      Double admissionMs, Double upstreamMs, Double timeToFirstTokenMs) {
  }

  public record Recent(List<RecentRequest> requests) {
  }

  @GetMapping("/admin/requests")
  Recent requests(@RequestParam(defaultValue = "50") String limit) {
    int count = QueryLimit.parse(limit, RecentRequests.CAPACITY);
    Policy policy = policies.current();
    return new Recent(recent.latest(count).stream().map(record -> view(policy, record)).toList());
  }

  /**
   * The gateway's own view of a backend: percentiles of the answers it relayed in the last minutes (Micrometer's
   * decaying window); null before any.
   */
  public record GatewayView(Double upstreamP50Ms, Double upstreamP95Ms, Double timeToFirstTokenP50Ms,
      Double timeToFirstTokenP95Ms) {
  }

  /** A backend's status, the gateway's view of it, and whether it counts prompts as the gateway does. */
  public record Backend(BackendStatus backend, GatewayView gateway, Parity parity) {
  }

  public record Backends(List<Backend> models) {
  }

  @GetMapping("/admin/backends")
  Backends backends() {
    return new Backends(backends.statuses().stream()
        .map(status -> new Backend(status, gatewayView(status.model()), parity.of(status.model())))
        .toList());
  }

  public record Lines(List<Queues.ModelLine> models) {
  }

  /** Each model's line at this replica: capacity, running, waiting per class, running per user. */
  @GetMapping("/admin/queues")
  Lines queues() {
    return new Lines(queues.lines());
  }

  private GatewayView gatewayView(String model) {
    TimerPercentiles upstream = TimerPercentiles.of(metrics.timer(GatewayMetrics.UPSTREAM, model));
    TimerPercentiles firstToken = TimerPercentiles.of(metrics.timer(GatewayMetrics.TIME_TO_FIRST_TOKEN, model));
    return new GatewayView(upstream.p50Ms(), upstream.p95Ms(), firstToken.p50Ms(), firstToken.p95Ms());
  }

  private static RecentRequest view(Policy policy, RequestRecord record) {
    String displayName = policy.user(record.user()).map(UserPolicy::displayName).orElse(record.user());
    return new RecentRequest(record.time(), record.requestId(), record.user(), displayName, record.model(),
        record.stream(), record.outcome().label(), record.reason(), record.status(), record.promptTokens(),
        record.completionTokens(), millis(record.admission()), millis(record.upstream()),
        millis(record.timeToFirstToken()));
  }

  private static Double millis(Duration duration) {
    return duration == null ? null : duration.toNanos() / 1e6;
  }
}
