package io.koreanllm.gateway.quota.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.koreanllm.gateway.quota.Admission;
import io.koreanllm.gateway.quota.AdmissionRequest;
import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.quota.Reservation;
import io.koreanllm.gateway.quota.ScopedLimits;
import io.koreanllm.gateway.quota.UsageSnapshot;
import io.koreanllm.gateway.support.MutableClock;
import io.koreanllm.gateway.support.RedisServers;
import io.koreanllm.gateway.usage.Outcome;
import io.koreanllm.gateway.usage.Usage;
import io.koreanllm.policy.EffectiveLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The admission script keeps each window's sum (common.lua): what an admission costs Redis does not grow with the
 * buckets a user's windows hold, and usage replayed from the journal counts only in the windows its admission time
 * is still in. (That the sums decide as the buckets would: {@link RedisAgreesWithEmbeddedTest}.)
 */
class RedisWindowSumsTest {

  private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
  /** A minute's start (10:00:00 in Seoul). */
  private static final Instant T0 = Instant.parse("2026-11-22T01:00:00Z");
  private static final EffectiveLimits ROOMY = new EffectiveLimits(1_000, 1_000_000, 10_000_000, 0, 0, 0, 0);
  private static final Pattern CALLS = Pattern.compile("cmdstat_(\\w+):calls=(\\d+)");

  private static RedisServers redis;
  private static ReactiveStringRedisTemplate template;
  private final MutableClock clock = new MutableClock(T0);
  private RedisQuotaStore store;
  private int ids;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServers.standalone();
    template = RedisStoreContract.connect(new RedisStandaloneConfiguration("127.0.0.1", redis.port()));
  }

  @AfterAll
  static void stop() {
    RedisStoreContract.disconnect(template);
    redis.close();
  }

  @BeforeEach
  void fresh() {
    template.execute(connection -> connection.serverCommands().flushAll()).blockLast();
    store = new RedisQuotaStore(template, RedisScripts.load(), clock, true, Duration.ofMinutes(10), 400);
  }

  @Test
  void anAdmissionRunsTheSameCommandsHoweverManyBucketsTheWindowsHold() {
    // "busy": a request every minute of the last hour, then every second of this minute; "quiet": one a second ago.
    clock.set(T0.minus(Duration.ofMinutes(59)));
    for (int minute = 0; minute < 59; minute++) {
      admitted("busy", 100);
      clock.advance(Duration.ofMinutes(1));
    }
    for (int second = 0; second < 50; second++) {
      admitted("busy", 100);
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofMillis(-1_000));
    admitted("quiet", 100);
    clock.advance(Duration.ofSeconds(1));
    assertThat(template.opsForHash().size("kl:{u:busy}:u:busy").block()).as("the busy user's buckets")
        .isGreaterThan(150);

    Map<String, Long> busy = commandsRunBy(() -> admitted("busy", 100));
    Map<String, Long> quiet = commandsRunBy(() -> admitted("quiet", 100));

    assertThat(busy).as("commands of an admission whose windows hold 160 buckets, of one holding 3").isEqualTo(quiet);
    assertThat(busy).doesNotContainKey("hgetall");
  }

  @Test
  void aReplayCountsOnlyInTheWindowsItsAdmissionTimeIsStillIn() {
    EffectiveLimits tpm = new EffectiveLimits(0, 100, 0, 0, 0, 0, 0);
    clock.set(T0.plusSeconds(30));
    admitted("kim", 1, tpm); // the scope's sums exist, as on any gateway that admitted before

    assertThat(store.replay(journaled("kim", T0.minusSeconds(40)), new Usage(50, 30), Outcome.COMPLETED).block())
        .isTrue();
    UsageSnapshot replayed = snapshot("kim");
    assertThat(replayed.tokensLastMinute()).as("admitted 70 s ago: out of the minute").isEqualTo(1);
    assertThat(replayed.tokensLastHour()).isEqualTo(81);
    assertThat(replayed.requestsToday()).isEqualTo(2);
    admitted("kim", 90, tpm);

    admitted("lee", 1, tpm);
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.replay(journaled("lee", T0.plusSeconds(20)), new Usage(50, 30), Outcome.COMPLETED).block())
        .isTrue();
    assertThat(snapshot("lee").tokensLastMinute()).as("admitted 11 s ago: in the minute").isEqualTo(81);
    Admission refused = admit("lee", 30, tpm);
    assertThat(refused).isInstanceOf(Admission.Denied.class);
    assertThat(((Admission.Denied) refused).status().remainingTokens()).isEqualTo(19);
  }

  private Admission.Admitted admitted(String user, long tokens) {
    return admitted(user, tokens, ROOMY);
  }

  private Admission.Admitted admitted(String user, long tokens, EffectiveLimits limits) {
    Admission admission = admit(user, tokens, limits);
    assertThat(admission).isInstanceOf(Admission.Admitted.class);
    return (Admission.Admitted) admission;
  }

  private Admission admit(String user, long tokens, EffectiveLimits limits) {
    return store.admit(new AdmissionRequest("req-" + ++ids, QuotaHolder.alone(user), "m",
        List.of(new ScopedLimits(QuotaScope.user(user), limits)), tokens / 2, tokens, SEOUL)).block();
  }

  /** A request this Redis never saw: admitted by a gateway on its own while Redis was away. */
  private Reservation journaled(String user, Instant admittedAt) {
    return new Reservation("req-" + ++ids, QuotaHolder.alone(user), "m", List.of(QuotaScope.user(user)), 50, 200,
        admittedAt, LocalDate.ofInstant(admittedAt, SEOUL));
  }

  private UsageSnapshot snapshot(String user) {
    return store.snapshot(QuotaHolder.alone(user), QuotaScope.user(user), SEOUL).block();
  }

  /** The commands Redis ran (scripts' own commands included) while {@code action} ran, by name. */
  private static Map<String, Long> commandsRunBy(Runnable action) {
    redis.cli(redis.port(), "CONFIG", "RESETSTAT");
    action.run();
    Matcher calls = CALLS.matcher(redis.cli(redis.port(), "INFO", "commandstats"));
    Map<String, Long> run = new TreeMap<>();
    while (calls.find()) {
      run.put(calls.group(1), Long.parseLong(calls.group(2)));
    }
    run.remove("config");
    return run;
  }
}
