package io.koreanllm.gateway.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ledger the settlement script writes: per user and team charged, requests and tokens per quota day (overall and
 * per model), and the latest events. Every replica reads the same. Reads walk the ledgers one by one (one slot
 * each): fine for stats and exports, never on the request path.
 */
public final class RedisUsageLedger implements UsageLedger {

  public static final int EVENTS_KEPT = 200;

  private final ReactiveStringRedisTemplate redis;

  public RedisUsageLedger(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  @Override
  public Mono<UsageTotals> totals(String user, LocalDate from, LocalDate to) {
    return byUser(user, from, to).map(users -> {
      UsageTotals sum = UsageTotals.ZERO;
      for (UserUsage usage : users) {
        sum = new UsageTotals(sum.requests() + usage.requests(), sum.promptTokens() + usage.promptTokens(),
            sum.completionTokens() + usage.completionTokens(), sum.users() + (usage.requests() > 0 ? 1 : 0));
      }
      return sum;
    });
  }

  @Override
  public Mono<List<UserUsage>> topUsers(LocalDate from, LocalDate to, int limit) {
    return byUser(null, from, to).map(users -> users.stream().filter(usage -> usage.requests() > 0)
        .sorted(Comparator.comparingLong(UserUsage::totalTokens).reversed().thenComparing(UserUsage::user))
        .limit(limit).toList());
  }

  @Override
  public Mono<List<UsageEvent>> recent(int limit) {
    return owners().map(owner -> owner.keys().events()).distinct()
        .flatMap(events -> redis.opsForList().range(events, 0, limit - 1L))
        .map(StoredEvent::parse)
        .sort(Comparator.comparing(UsageEvent::settledAt).reversed())
        .take(limit)
        .collectList();
  }

  @Override
  public Mono<List<DailyUsage>> daily(LocalDate from, LocalDate to) {
    return owners().flatMap(owner -> redis.<String, String>opsForHash().entries(owner.keys().ledger())
            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
            .flatMapIterable(fields -> LedgerFields.daily(owner, fields, from, to)))
        .collectList();
  }

  private Flux<RedisLedgerKeys.Owner> owners() {
    return redis.opsForSet().members(RedisLedgerKeys.LEDGERS).map(RedisLedgerKeys.Owner::of);
  }

  /** Each user's usage over the days, summed over the teams they were charged to. */
  private Mono<List<UserUsage>> byUser(String user, LocalDate from, LocalDate to) {
    return owners().filter(owner -> user == null || owner.user().equals(user))
        .flatMap(owner -> usage(owner, from, to))
        .collect(HashMap<String, UserUsage>::new, (sums, usage) -> sums.merge(usage.user(), usage, UserUsage::plus))
        .map(sums -> List.copyOf(sums.values()));
  }

  private Mono<UserUsage> usage(RedisLedgerKeys.Owner owner, LocalDate from, LocalDate to) {
    List<String> fields = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      fields.addAll(LedgerFields.totals(day));
    }
    return redis.<String, String>opsForHash().multiGet(owner.keys().ledger(), fields).map(values -> {
      long[] sums = new long[3];
      for (int i = 0; i < values.size(); i++) {
        sums[i % 3] += RedisLedgerKeys.number(values.get(i));
      }
      return new UserUsage(owner.user(), sums[0], sums[1], sums[2]);
    });
  }
}
