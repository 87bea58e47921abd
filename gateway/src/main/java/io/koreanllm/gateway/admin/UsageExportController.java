package io.koreanllm.gateway.admin;

import io.koreanllm.gateway.http.ApiError;
import io.koreanllm.gateway.policy.PolicyHolder;
import io.koreanllm.gateway.usage.UsageLedger;
import io.koreanllm.gateway.usage.UsageRetention;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /admin/usage/export?from=&to=&group=user|team|model&format=csv|json}: daily totals for chargeback, as a
 * download (CSV with a UTF-8 byte order mark, so Excel opens Korean names correctly) or as JSON with the same
 * columns. {@code from} defaults to the first of this month and {@code to} to today, in the policy's zone.
 */
@RestController
class UsageExportController {

  private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private final PolicyHolder policies;
  private final UsageLedger ledger;
  private final Clock clock;
  private final JsonMapper json;
  private final int daysKept;

  UsageExportController(PolicyHolder policies, UsageLedger ledger, Clock clock, JsonMapper json,
      UsageRetention retention) {
    this.policies = policies;
    this.ledger = ledger;
    this.clock = clock;
    this.json = json;
    this.daysKept = retention.daysKept();
  }

  @GetMapping("/admin/usage/export")
  Mono<ResponseEntity<byte[]>> export(@RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(defaultValue = "user") String group,
      @RequestParam(defaultValue = "json") String format) {
    Policy policy = policies.current();
    LocalDate today = LocalDate.now(clock.withZone(policy.defaults().dailyResetZone()));
    LocalDate first = from == null ? today.withDayOfMonth(1) : date("from", from);
    LocalDate last = to == null ? today : date("to", to);
    if (last.isBefore(first)) {
      throw ApiError.invalidRequest("to", "'to' (" + last + ") must not be before 'from' (" + first + ").");
    }
    if (first.plusDays(daysKept).isBefore(last)) {
      throw ApiError.invalidRequest("from", "The ledger keeps " + daysKept + " days; ask for at most that many "
          + "(was " + first + " to " + last + ").");
    }
    UsageExport.Group grouping = UsageExport.Group.valueOf(choice("group", group,
        Arrays.stream(UsageExport.Group.values()).map(UsageExport.Group::id).toList()).toUpperCase(Locale.ROOT));
    boolean csv = choice("format", format, List.of("json", "csv")).equals("csv");
    return ledger.daily(first, last).map(days -> UsageExport.of(first, last, grouping, days))
        .map(export -> csv ? csv(policy, export) : json(policy, export));
  }

  private ResponseEntity<byte[]> json(Policy policy, UsageExport export) {
    ObjectNode document = json.createObjectNode();
    document.put("from", export.from().toString());
    document.put("to", export.to().toString());
    document.put("group", export.group().id());
    ArrayNode rows = document.putArray("rows");
    for (UsageExport.Row row : export.rows()) {
      ObjectNode node = rows.addObject();
      node.put("day", row.day().toString());
      node.put(export.group().id(), row.name());
      if (export.group() != UsageExport.Group.MODEL) {
        node.put("display_name", displayName(policy, export.group(), row.name()));
      }
      node.put("requests", row.requests());
      node.put("prompt_tokens", row.promptTokens());
      node.put("completion_tokens", row.completionTokens());
      node.put("total_tokens", row.totalTokens());
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsBytes(document));
  }

  private static ResponseEntity<byte[]> csv(Policy policy, UsageExport export) {
    boolean named = export.group() != UsageExport.Group.MODEL;
    StringBuilder out = new StringBuilder(BYTE_ORDER_MARK).append("day,").append(export.group().id())
        .append(named ? ",display_name" : "").append(",requests,prompt_tokens,completion_tokens,total_tokens\r\n");
    for (UsageExport.Row row : export.rows()) {
      out.append(row.day()).append(',').append(field(row.name()));
      if (named) {
        out.append(',').append(field(displayName(policy, export.group(), row.name())));
      }
      out.append(',').append(row.requests()).append(',').append(row.promptTokens()).append(',')
          .append(row.completionTokens()).append(',').append(row.totalTokens()).append("\r\n");
    }
    String file = "usage-" + export.group().id() + "-" + export.from() + "-" + export.to() + ".csv";
    return ResponseEntity.ok().contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString())
        .body(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A CSV field as RFC 4180 writes it: quoted when it holds a comma, quote or line break; absent is empty. */
  private static String field(String value) {
    if (value == null) {
      return "";
    }
    if (value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  /** The name people know the user or team by, as the policy has it now; the id when it is gone from it. */
  private static String displayName(Policy policy, UsageExport.Group group, String name) {
    if (name == null) {
      return null;
    }
    return group == UsageExport.Group.USER
        ? policy.user(name).map(UserPolicy::displayName).orElse(name)
        : policy.team(name).map(TeamPolicy::displayName).orElse(name);
  }

  private static LocalDate date(String param, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiError.invalidRequest(param, "'" + param + "' must be a date as 2026-11-01 (was '" + value + "').");
    }
  }

  /** One of {@code choices}, exactly, or a 400 naming them. */
  private static String choice(String param, String value, List<String> choices) {
    if (choices.contains(value)) {
      return value;
    }
    throw ApiError.invalidRequest(param, "'" + param + "' must be " + String.join(", ", choices) + " (was '"
        + value + "').");
  }
}
