package io.koreanllm.gateway.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger the settlement script writes: per user, requests and tokens per quota day, and the latest events.
 * Every replica reads the same. Reads walk the users one by one (one slot each): fine for stats, never on the
 * request path.
 */
public final class RedisUsageLedger implements UsageLedger {

  public static final int EVENTS_KEPT = 200;
  public static final int DAYS_KEPT = 40;

  private final ReactiveStringRedisTemplate redis;

  public RedisUsageLedger(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  @Override
  public Mono<UsageTotals> totals(String user, LocalDate from, LocalDate to) {
    Flux<String> users = user == null ? redis.opsForSet().members(RedisLedgerKeys.USERS) : Flux.just(user);
    return users.flatMap(name -> usage(name, from, to))
        .reduce(UsageTotals.ZERO, (sum, usage) -> new UsageTotals(sum.requests() + usage.requests(),
            sum.promptTokens() + usage.promptTokens(), sum.completionTokens() + usage.completionTokens(),
            sum.users() + (usage.requests() > 0 ? 1 : 0)));
  }

  @Override
  public Mono<List<UserUsage>> topUsers(LocalDate from, LocalDate to, int limit) {
    return redis.opsForSet().members(RedisLedgerKeys.USERS)
        .flatMap(user -> usage(user, from, to))
        .filter(usage -> usage.requests() > 0)
        .sort(Comparator.comparingLong(UserUsage::totalTokens).reversed().thenComparing(UserUsage::user))
        .take(limit)
        .collectList();
  }

  @Override
  public Mono<List<UsageEvent>> recent(int limit) {
    return redis.opsForSet().members(RedisLedgerKeys.USERS)
        .flatMap(user -> redis.opsForList().range(RedisLedgerKeys.of(user).events(), 0, limit - 1L))
        .map(StoredEvent::parse)
        .sort(Comparator.comparing(UsageEvent::settledAt).reversed())
        .take(limit)
        .collectList();
  }

  private Mono<UserUsage> usage(String user, LocalDate from, LocalDate to) {
    List<String> fields = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      long epochDay = day.toEpochDay();
      fields.addAll(List.of(epochDay + ":r", epochDay + ":p", epochDay + ":c"));
    }
    return redis.<String, String>opsForHash().multiGet(RedisLedgerKeys.of(user).ledger(), fields).map(values -> {
      long[] sums = new long[3];
      for (int i = 0; i < values.size(); i++) {
        sums[i % 3] += RedisLedgerKeys.number(values.get(i));
      }
      return new UserUsage(user, sums[0], sums[1], sums[2]);
    });
  }
}
