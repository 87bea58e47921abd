package io.koreanllm.gateway.quota.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.EmbeddedQuotaStore;
import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.QuotaStore;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.ScopedLimits;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.SqliteUsageLedger;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.policy.EffectiveLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The Redis scripts keep each window's sum as buckets come and go instead of adding every bucket up at each
 * admission; whatever happens — admissions, settlements that correct reservations up or down, releases, pauses of
 * a second, a minute or an hour — they must decide every request exactly as the embedded store, which sums its
 * buckets, and report the same usage.
 */
class RedisAgreesWithEmbeddedTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  private static final EffectiveLimits OWN = new EffectiveLimits(6, 400, 1500, 4000, 0, 0, 0, 20_000);
  private static final EffectiveLimits TEAM = new EffectiveLimits(9, 600, 2500, 0, 0, 0, 0);
  private static final EffectiveLimits TEAM_ON_MODEL = new EffectiveLimits(0, 350, 0, 0, 0, 0, 0);
  private static final List<String> USERS = List.of("kim", "lee");
  /** Longer than any run's pauses: a lease that runs out frees a slot in Redis only (for a gateway that died). */
  private static final Duration LEASE = Duration.ofDays(10);

  private static RedisServers redis;
  private static ReactiveStringRedisTemplate template;
  private static Path ledgers;

  sealed interface Step {
  }

  record Pause(long millis) implements Step {
  }

  record Admit(int user, boolean onModel, int tokens) implements Step {
  }

  record Settle(int pick, int prompt, int completion) implements Step {
  }

  record Release(int pick) implements Step {
  }

  @BeforeContainer
  static void start() throws Exception {
    redis = RedisServers.standalone();
    template = RedisStoreContract.connect(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
    ledgers = Files.createTempDirectory("agree");
  }

  @AfterContainer
  static void stop() {
    RedisStoreContract.disconnect(template);
    redis.close();
  }

  @Property(tries = 80)
  void everyDecisionAndEveryCountIsTheEmbeddedStores(@ForAll("steps") List<Step> steps) {
    template.execute(connection -> connection.serverCommands().flushAll()).blockLast();
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T01:00:00.250Z"));
    RedisQuotaStore inRedis = new RedisQuotaStore(template, RedisScripts.load(), clock, true, LEASE,
        400);
    try (SqliteUsageLedger ledger = new SqliteUsageLedger(ledgers.resolve(UUID.randomUUID() + ".db"))) {
      EmbeddedQuotaStore embedded = new EmbeddedQuotaStore(clock, ledger);
      List<Reservation[]> open = new ArrayList<>();
      int ids = 0;
      for (Step step : steps) {
        if (step instanceof Pause pause) {
          clock.advance(Duration.ofMillis(pause.millis()));
        } else if (step instanceof Admit admit) {
          AdmissionRequest request = request("req-" + ++ids, admit);
          Admission there = inRedis.admit(request).block();
          Admission here = embedded.admit(request).block();
          assertThat(there).as("%s after %s", admit, steps).isEqualTo(here);
          if (there instanceof Admission.Admitted admitted) {
            open.add(new Reservation[] {admitted.reservation(), ((Admission.Admitted) here).reservation()});
          }
        } else if (step instanceof Settle settle && !open.isEmpty()) {
          Reservation[] both = open.remove(settle.pick() % open.size());
          Usage usage = new Usage(settle.prompt(), settle.completion());
          assertThat(inRedis.settle(both[0], usage, Outcome.COMPLETED).block()).isTrue();
          assertThat(embedded.settle(both[1], usage, Outcome.COMPLETED).block()).isTrue();
        } else if (step instanceof Release release && !open.isEmpty()) {
          Reservation[] both = open.remove(release.pick() % open.size());
          assertThat(inRedis.release(both[0]).block()).isTrue();
          assertThat(embedded.release(both[1]).block()).isTrue();
        }
        for (String user : USERS) {
          QuotaHolder holder = new QuotaHolder(user, "연구팀");
          for (QuotaScope scope : List.of(QuotaScope.user(user), QuotaScope.team("연구팀"),
              QuotaScope.teamOnModel("연구팀", "korean-qwen"))) {
            assertThat(inRedis.snapshot(holder, scope, SEOUL).block()).as("%s after %s", scope, step)
                .isEqualTo(embedded.snapshot(holder, scope, SEOUL).block());
          }
        }
      }
    }
  }

  private static AdmissionRequest request(String id, Admit admit) {
    String user = USERS.get(admit.user());
    String model = admit.onModel() ? "korean-qwen" : "korean-llama";
    List<ScopedLimits> scopes = new ArrayList<>(List.of(new ScopedLimits(QuotaScope.user(user), OWN),
        new ScopedLimits(QuotaScope.team("연구팀"), TEAM)));
    if (admit.onModel()) {
      scopes.add(new ScopedLimits(QuotaScope.teamOnModel("연구팀", model), TEAM_ON_MODEL));
    }
    return new AdmissionRequest(id, new QuotaHolder(user, "연구팀"), model, scopes, admit.tokens() / 2,
        admit.tokens(), SEOUL);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    // Mostly seconds, so that a minute sees admissions spread over more than its 60 s; sometimes a minute or an
    // hour, so that windows empty and the day changes.
    Arbitrary<Step> pause = Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.longs().between(0, 3_000)),
        Tuple.of(4, Arbitraries.longs().between(3_000, 20_000)),
        Tuple.of(2, Arbitraries.longs().between(20_000, 70_000)),
        Tuple.of(1, Arbitraries.longs().between(70_000, 4_000_000))).map(Pause::new);
    Arbitrary<Step> admit = Combinators.combine(Arbitraries.integers().between(0, USERS.size() - 1),
        Arbitraries.of(true, false), Arbitraries.integers().between(0, 180)).as(Admit::new);
    Arbitrary<Step> settle = Combinators.combine(Arbitraries.integers().between(0, 50),
        Arbitraries.integers().between(0, 150), Arbitraries.integers().between(0, 150)).as(Settle::new);
    Arbitrary<Step> release = Arbitraries.integers().between(0, 50).map(Release::new);
    return Arbitraries.frequencyOf(Tuple.of(5, admit), Tuple.of(4, pause), Tuple.of(3, settle), Tuple.of(1, release))
        .list().ofMinSize(10).ofMaxSize(150);
  }
}
