package io.koreanllm.gateway.quota.redis;

import static io.koreanllm.gateway.support.Requests.koreanChat;
import static io.koreanllm.gateway.support.Requests.streamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.support.Burst;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.support.Requests;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageTotals;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two gateway replicas on one real Redis: a burst of one user's requests never charges more than the user's
 * tokens-per-minute limit, every admitted request is settled exactly once, and each request costs two Redis
 * round trips.
 */
class RedisGatewaysTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RedisServers redis;
  private static SharedRedisGateways gateways;

  @BeforeAll
  static void start() throws Exception {
    gateways = SharedRedisGateways.standalone();
    redis = gateways.redis();
  }

  @AfterAll
  static void stop() {
    gateways.close();
  }

  @Test
  void twoHundredConcurrentRequestsNeverOvershootTpmAndEachIsSettledOnce() {
    redis.cli(redis.port(), "flushall");
    List<Burst.Answer> answers = Burst.send(gateways.urls(), SharedRedisGateways.BURST_KEY,
        koreanChat("korean-qwen", 50), 200);
    assertShared(answers, gateways);
  }

  /** The invariants of a burst against a shared store, for any Redis topology. */
  static void assertShared(List<Burst.Answer> answers, SharedRedisGateways gateways) {
    assertThat(answers).hasSize(200).allSatisfy(answer -> {
      assertThat(answer.status()).isIn(200, 429);
      if (answer.status() == 429) {
        assertThat(answer.code()).isEqualTo("tpm_exceeded");
      }
    });
    long admitted = Burst.admitted(answers);
    long charged = Burst.charged(answers);
    assertThat(admitted).isBetween(1L, 199L);
    assertThat(charged).isPositive().isLessThanOrEqualTo(3000);

    gateways.settled(QuotaHolder.alone("burst"));
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    for (int i = 0; i < 2; i++) {
      UsageTotals ledger = gateways.gateway(i).bean(UsageLedger.class).totals("burst", today, today).block();
      assertThat(ledger.requests()).as("settled once each, seen from gateway %d", i).isEqualTo(admitted);
      assertThat(ledger.totalTokens()).isEqualTo(charged);
      assertThat(gateways.gateway(i).bean(QuotaStore.class).snapshot(QuotaHolder.alone("burst"),
          QuotaScope.user("burst"), ZoneId.of("Asia/Seoul")).block().inFlight()).isZero();
    }
  }

  @Test
  void twoMembersOfOneTeamBurstingThroughBothReplicasNeverOvershootTheTeamsTpm() {
    redis.cli(redis.port(), "flushall");
    assertTeamShared(Burst.send(gateways.urls(), SharedRedisGateways.MEMBER_KEYS, koreanChat("korean-qwen", 50),
        200), gateways);
  }

  /** The team's limit holds across its members and the replicas; each member's usage is settled once. */
  static void assertTeamShared(List<Burst.Answer> answers, SharedRedisGateways gateways) {
    assertThat(answers).hasSize(200).allSatisfy(answer -> {
      assertThat(answer.status()).isIn(200, 429);
      if (answer.status() == 429) {
        assertThat(answer.code()).isEqualTo("tpm_exceeded");
        assertThat(answer.message()).as("the refusal names the team").contains("팀 burst-team");
      }
    });
    long admitted = Burst.admitted(answers);
    long charged = Burst.charged(answers);
    assertThat(admitted).isBetween(1L, 199L);
    assertThat(charged).isPositive().isLessThanOrEqualTo(3000);

    gateways.settled(new QuotaHolder("member-a", "burst-team"));
    gateways.settled(new QuotaHolder("member-b", "burst-team"));
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    UsageLedger ledger = gateways.gateway(1).bean(UsageLedger.class);
    UsageTotals a = ledger.totals("member-a", today, today).block();
    UsageTotals b = ledger.totals("member-b", today, today).block();
    assertThat(a.requests() + b.requests()).as("settled once each").isEqualTo(admitted);
    assertThat(a.totalTokens() + b.totalTokens()).isEqualTo(charged);
    assertThat(ledger.daily(today, today).block()).filteredOn(day -> "burst-team".equals(day.team()))
        .extracting(day -> day.totalTokens()).containsOnly(a.totalTokens(), b.totalTokens());
    UsageSnapshot team = gateways.gateway(0).bean(QuotaStore.class).snapshot(new QuotaHolder("member-a",
        "burst-team"), QuotaScope.team("burst-team"), ZoneId.of("Asia/Seoul")).block();
    assertThat(team.inFlight()).isZero();
    assertThat(team.tokensToday()).isEqualTo(charged);
  }

  @Test
  void aRequestCostsOneRoundTripToAdmitAndOneToSettle() throws Exception {
    Map<String, Object> body = koreanChat("korean-llama", 10);
    send(body); // the user's first request through this replica also registers the user once
    try (RedisServers.Monitor monitor = redis.monitor()) {
      send(body);
      // What clients sent, not what the scripts ran inside Redis (MONITOR tags those "lua"), nor what the gateways
      // send on their own whatever the traffic: the health probe's PING and the replicas' heartbeats.
      assertThat(monitor.clientCommands()).filteredOn(command -> !command.equalsIgnoreCase("\"ping\"")
              && !command.contains(ReplicaHeartbeats.KEY))
          .hasSize(2).allSatisfy(command -> assertThat(command).startsWithIgnoringCase("\"evalsha\""));
    }
  }

  /**
   * Redis losing its data (here a flush; a restart without persistence, a failover) takes the list of ledgers with
   * it, which a gateway writes to only once per user: the next settlement, finding no ledger, lists it again once
   * its reply is in, or the user's usage from then on would be recorded and never shown.
   */
  @Test
  void aUsersLedgerIsListedAgainAfterRedisLostItsData() {
    send(koreanChat("korean-qwen", 10)); // the user's ledger is listed, and this replica remembers it did
    gateways.settled(QuotaHolder.alone("burst"));
    redis.cli(redis.port(), "flushall");

    send(koreanChat("korean-qwen", 10));

    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        gateways.gateway(0).bean(UsageLedger.class).totals("burst", today, today).block().requests()).isEqualTo(1));
  }

  /**
   * A user's first answer through a replica lists the user's ledger before its settlement, on the same connection: a
   * read of the ledgers asked after the answer, with Redis stopped since the answer began, finds the user listed and
   * charged once Redis runs again.
   */
  @Test
  void aNewUsersFirstAnswerIsInTheLedgersAsSoonAsItIsReceived() throws Exception {
    redis.cli(redis.port(), "flushall");
    // Through a replica that never settled for this user (the other test of this user goes through the first).
    List<String> events = streamWhileRedisStops(gateways.urls().get(1), streamed(koreanChat("korean-qwen", 10), true));
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    CompletableFuture<UsageTotals> read;
    try {
      assertThat(events).as("the whole stream, while Redis was stopped").last().isEqualTo("[DONE]");
      read = gateways.gateway(1).bean(UsageLedger.class).totals("steady", today, today).toFuture();
    } finally {
      redis.thaw();
    }

    UsageTotals ledger = read.get(30, TimeUnit.SECONDS);
    assertThat(ledger.requests()).isEqualTo(1);
    assertThat(ledger.totalTokens())
        .isEqualTo(JSON.readTree(events.get(events.size() - 2)).path("usage").path("total_tokens").asLong());
  }

  /**
   * An answer's last bytes leave once its settlement is on the replica's connection to Redis, not once Redis has
   * answered it, and whatever the replica asks Redis next runs after it: a stream ends while Redis is stopped, and a
   * request sent meanwhile is admitted when Redis runs again, within a limit that the first request's reservation
   * would have filled.
   */
  @Test
  void anAnswerEndsBeforeRedisConfirmsItsSettlementAndTheNextAdmissionRunsAfterIt() throws Exception {
    redis.cli(redis.port(), "flushall");
    String url = gateways.urls().get(0);
    // The first request reserves its prompt + 1,000 tokens.
    List<String> events = streamWhileRedisStops(url, streamed(koreanChat("korean-qwen", 1000), true));

    CompletableFuture<List<Burst.Answer>> next;
    JsonNode used;
    try {
      assertThat(events).as("the whole stream, while Redis was stopped").last().isEqualTo("[DONE]");
      used = JSON.readTree(events.get(events.size() - 2)).path("usage");
      long prompt = used.path("prompt_tokens").asLong();
      long charged = used.path("total_tokens").asLong();
      assertThat(charged).as("far less than reserved").isLessThan(prompt + 1000);
      // The most the limit leaves once the first request is settled; with its reservation still held, too much.
      int maxTokens = (int) (SharedRedisGateways.STEADY_TPM - charged - prompt);
      next = CompletableFuture.supplyAsync(() -> Burst.send(List.of(url), SharedRedisGateways.STEADY_KEY,
          koreanChat("korean-qwen", maxTokens), 1));
      Thread.sleep(500); // time for its admission to be written behind the settlement
    } finally {
      redis.thaw();
    }

    Burst.Answer second = next.get(30, TimeUnit.SECONDS).get(0);
    assertThat(second.status()).as("admitted: %s", second.code()).isEqualTo(200);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    UsageTotals ledger = gateways.gateway(0).bean(UsageLedger.class).totals("steady", today, today).block();
    assertThat(ledger.requests()).isEqualTo(2);
    assertThat(ledger.totalTokens()).isEqualTo(used.path("total_tokens").asLong() + second.totalTokens());
  }

  /**
   * Streams the steady user's request through the replica, the simulator's tokens 20 ms apart, and stops Redis
   * (SIGSTOP) at the first event: admitted and answering, from there Redis answers nothing. Returns the events with
   * Redis still stopped, for the caller to thaw (thawed here when the stream fails).
   */
  private static List<String> streamWhileRedisStops(String url, Map<String, Object> body) {
    AtomicBoolean frozen = new AtomicBoolean();
    gateways.simulator().settings("{\"token-delay-ms\": 20}");
    try {
      return Requests.events(url, SharedRedisGateways.STEADY_KEY, body)
          .doOnNext(event -> {
            if (frozen.compareAndSet(false, true)) {
              redis.freeze();
            }
          })
          .collectList().block(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      redis.thaw();
      throw e;
    } finally {
      gateways.simulator().settings("{\"token-delay-ms\": 0}");
    }
  }

  @Test
  void redisHoldsNoKeyMaterial() {
    send(koreanChat("korean-qwen", 10));
    StringBuilder everything = new StringBuilder();
    for (String key : redis.cli(redis.port(), "--scan").split("\\R")) {
      if (key.isBlank()) {
        continue;
      }
      everything.append(key).append('\n');
      String type = redis.cli(redis.port(), "type", key).trim();
      everything.append(switch (type) {
        case "hash" -> redis.cli(redis.port(), "hgetall", key);
        case "list" -> redis.cli(redis.port(), "lrange", key, "0", "-1");
        case "set" -> redis.cli(redis.port(), "smembers", key);
        case "zset" -> redis.cli(redis.port(), "zrange", key, "0", "-1");
        default -> redis.cli(redis.port(), "get", key);
      });
    }
    assertThat(everything.toString()).contains("burst") // the user's keys were read
        .doesNotContain(SharedRedisGateways.BURST_KEY)
        .doesNotContain(io.koreanllm.policy.ApiKeys.sha256Hex(SharedRedisGateways.BURST_KEY));
  }

  private static void send(Map<String, Object> body) {
    gateways.gateway(0).client().post().uri("/v1/chat/completions")
        .header("Authorization", "Bearer " + SharedRedisGateways.BURST_KEY).contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body).exchange().expectStatus().isOk();
  }
}
