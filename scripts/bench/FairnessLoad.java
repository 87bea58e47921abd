import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fairness benchmark's load (run by scripts/bench-fairness.sh as a single-file program, JDK only): a batch user
 * keeps {@code batch} long streams running at once, while an interactive user sends one short streaming chat a
 * second; before that, the interactive chats alone on an idle backend. Prints one line of figures:
 * idle and loaded time to first token (p50, p99) of the interactive chats, the backend's busy fraction (its running
 * requests over its slots, sampled every 100 ms), and the batch user's completed requests and tokens per second.
 *
 * <p>Arguments: gateway URL, simulator URL, batch key, interactive key, seconds of load, concurrent batch streams,
 * the backend's slots, idle chats.
 */
public class FairnessLoad {

  private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\"\\s*:\\s*(\\d+)");
  private static final Pattern RUNNING = Pattern.compile("\"running\"\\s*:\\s*(\\d+)");

  private static final String BATCH_QUESTION = "다음 보고서를 자세히 요약하고, 각 항목마다 근거와 한계를 설명해 주세요. "
      .repeat(20);
  private static final String CHAT_QUESTION = "오늘 회의는 몇 시에 시작하나요?";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String gateway;
  private final String simulator;

  FairnessLoad(String gateway, String simulator) {
    this.gateway = gateway;
    this.simulator = simulator;
  }

  public static void main(String[] args) throws Exception {
    FairnessLoad load = new FairnessLoad(args[0], args[1]);
    String batchKey = args[2];
    String chatKey = args[3];
    int seconds = Integer.parseInt(args[4]);
    int batch = Integer.parseInt(args[5]);
    int slots = Integer.parseInt(args[6]);
    int idleChats = Integer.parseInt(args[7]);

    List<Double> idle = new ArrayList<>();
    for (int i = 0; i < idleChats; i++) {
      idle.add(load.chat(chatKey).ttftMs);
      Thread.sleep(200);
    }

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong batchDone = new AtomicLong();
    AtomicLong batchTokens = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      Thread worker = new Thread(() -> {
        while (running.get()) {
          try {
            Stream answer = load.batch(batchKey);
            if (running.get()) {
              batchDone.incrementAndGet();
              batchTokens.addAndGet(answer.completionTokens);
            }
          } catch (Exception e) {
            sleep(100);
          }
        }
      });
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    Thread.sleep(3000); // the flood fills the backend and its line first

    ConcurrentLinkedQueue<Integer> samples = new ConcurrentLinkedQueue<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> samples.add(load.running()), 0, 100, TimeUnit.MILLISECONDS);
    long doneBefore = batchDone.get();
    long tokensBefore = batchTokens.get();
    long started = System.nanoTime();
    List<CompletableFuture<Stream>> chats = new ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      chats.add(CompletableFuture.supplyAsync(() -> load.chat(chatKey)));
      Thread.sleep(1000);
    }
    List<Double> loaded = new ArrayList<>();
    int refused = 0;
    for (CompletableFuture<Stream> chat : chats) {
      Stream answer = chat.get(10, TimeUnit.MINUTES);
      if (answer.status == 200) {
        loaded.add(answer.ttftMs);
      } else {
        refused++;
      }
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long done = batchDone.get() - doneBefore;
    long tokens = batchTokens.get() - tokensBefore;
    sampler.shutdownNow();
    running.set(false);

    double busy = samples.stream().mapToInt(Integer::intValue).average().orElse(0) / slots;
    System.out.printf(Locale.ROOT, "idle_ttft_p50_ms=%.0f idle_ttft_p99_ms=%.0f loaded_ttft_p50_ms=%.0f "
            + "loaded_ttft_p99_ms=%.0f loaded_ttft_max_ms=%.0f chats=%d refused=%d busy=%.3f batch_done_per_s=%.2f "
            + "batch_tokens_per_s=%.1f%n",
        percentile(idle, 50), percentile(idle, 99), percentile(loaded, 50), percentile(loaded, 99),
        percentile(loaded, 100), loaded.size(), refused, busy, done / elapsed, tokens / elapsed);
    System.exit(0);
  }

  /** One streamed answer: its status, when its first generated text came, what it generated. */
  record Stream(int status, double ttftMs, long completionTokens) {
  }

  Stream chat(String key) {
    return stream(key, CHAT_QUESTION, 16);
  }

  Stream batch(String key) {
    return stream(key, BATCH_QUESTION, 300);
  }

  private Stream stream(String key, String question, int maxTokens) {
    String body = "{\"model\":\"korean-qwen\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}";
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/chat/completions"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(15)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long start = System.nanoTime();
    try {
      HttpResponse<java.util.stream.Stream<String>> response = http.send(request,
          HttpResponse.BodyHandlers.ofLines());
      double ttft = -1;
      long tokens = 0;
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (ttft < 0 && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
          ttft = (System.nanoTime() - start) / 1e6;
        }
        Matcher usage = COMPLETION_TOKENS.matcher(line);
        if (usage.find()) {
          tokens = Long.parseLong(usage.group(1));
        }
      }
      return new Stream(response.statusCode(), ttft, tokens);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int running() {
    try {
      String stats = http.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/stats")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      Matcher running = RUNNING.matcher(stats);
      return running.find() ? Integer.parseInt(running.group(1)) : 0;
    } catch (Exception e) {
      return 0;
    }
  }

  private static double percentile(List<Double> values, int percentile) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
