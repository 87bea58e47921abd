package io.koreanllm.gateway.quota;

/** Which limit refused a request; {@link #code()} is the {@code error.code} clients see. */
public enum LimitCode {
  RPM("rpm_exceeded", "분당 요청 수 한도를 초과했습니다", "requests per minute limit reached"),
  TPM("tpm_exceeded", "분당 토큰 한도를 초과했습니다", "tokens per minute limit reached"),
  TPH("tph_exceeded", "시간당 토큰 한도를 초과했습니다", "tokens per hour limit reached"),
  TPD("tpd_exceeded", "일일 토큰 한도를 초과했습니다", "tokens per day limit reached"),
  MONTHLY("monthly_budget_exceeded", "월간 토큰 예산을 모두 사용했습니다", "monthly token budget used up"),
  COOLDOWN("cooldown", "한도 초과로 잠시 요청이 제한되었습니다", "cooling down after a limit was reached"),
  CONCURRENCY("concurrency_exceeded", "동시 요청 수 한도를 초과했습니다", "too many requests in flight at once");

  private final String code;
  private final String korean;
  private final String english;

  LimitCode(String code, String korean, String english) {
    this.code = code;
    this.korean = korean;
    this.english = english;
  }

  public String code() {
    return code;
  }

  public static LimitCode ofCode(String code) {
    for (LimitCode limit : values()) {
      if (limit.code.equals(code)) {
        return limit;
      }
    }
    throw new IllegalArgumentException("no limit with code " + code);
  }

  /** Korean first, English after: the users are Korean teams, their tools often log English. */
  public String message() {
    return korean + " (" + english + ")";
  }

  /** The message naming whose limit it is, unless it is the user's own overall one. */
  public String message(QuotaScope scope) {
    return scope.kind() == QuotaScope.Kind.USER ? message() : scope.describe() + ": " + message();
  }

  /** Whether waiting cannot help before the calendar turns: the day's and the month's limits. */
  public boolean calendar() {
    return this == TPD || this == MONTHLY;
  }
}
