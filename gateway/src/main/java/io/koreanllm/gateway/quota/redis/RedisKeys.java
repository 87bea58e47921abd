package io.koreanllm.gateway.quota.redis;

import io.koreanllm.gateway.quota.QuotaHolder;
import io.koreanllm.gateway.quota.QuotaScope;
import io.koreanllm.gateway.usage.RedisLedgerKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The keys of one user's quota state: all carry the hash tag of the user's team, or the user's own without one
 * ({@link RedisLedgerKeys#holderTag}), so every key a script touches for a request lives in one Redis Cluster slot,
 * the team's scopes included.
 */
final class RedisKeys {

  private final String tag;
  private final RedisLedgerKeys ledger;

  private RedisKeys(QuotaHolder holder) {
    this.tag = RedisLedgerKeys.holderTag(holder.user(), holder.team());
    this.ledger = RedisLedgerKeys.of(holder.user(), holder.team());
  }

  static RedisKeys of(QuotaHolder holder) {
    return new RedisKeys(holder);
  }

  /** A scope's hash: windows, days, month (and the user's cooldown). */
  String scope(QuotaScope scope) {
    String model = scope.model() == null ? "" : ":" + scope.model();
    return tag + switch (scope.kind()) {
      case USER -> "u:" + RedisLedgerKeys.part(scope.name());
      case USER_MODEL -> "um:" + RedisLedgerKeys.part(scope.name()) + model;
      case TEAM -> "t";
      case TEAM_MODEL -> "tm" + model;
    };
  }

  /** A scope's requests in flight. */
  String flights(QuotaScope scope) {
    return scope(scope) + ":fly";
  }

  /** The scopes' hashes, then their requests in flight: the keys of the admission and release scripts. */
  List<String> scopes(List<QuotaScope> scopes) {
    List<String> keys = new ArrayList<>(2 * scopes.size());
    scopes.forEach(scope -> keys.add(scope(scope)));
    scopes.forEach(scope -> keys.add(flights(scope)));
    return keys;
  }

  List<String> release(List<QuotaScope> scopes) {
    List<String> keys = new ArrayList<>(List.of(settled()));
    keys.addAll(scopes(scopes));
    return keys;
  }

  List<String> settlement(List<QuotaScope> scopes) {
    List<String> keys = new ArrayList<>(List.of(settled(), ledger.ledger(), ledger.events()));
    keys.addAll(scopes(scopes));
    return keys;
  }

  /** What a reset forgets: the user's own scopes (overall and on each of the models); the ledger stays. */
  List<String> usersOwn(String user, Collection<String> models) {
    List<QuotaScope> own = new ArrayList<>(List.of(QuotaScope.user(user)));
    models.forEach(model -> own.add(QuotaScope.userOnModel(user, model)));
    return scopes(own);
  }

  private String settled() {
    return tag + "settled";
  }
}
