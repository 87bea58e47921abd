package io.koreanllm.gateway.dashboard;

import static io.koreanllm.gateway.support.Requests.TEST_KEY;
import static io.koreanllm.gateway.support.Requests.koreanChat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.koreanllm.gateway.support.GatewayStack;
import io.koreanllm.gateway.support.TestGateway;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * scripts/test.sh installs): log in, watch a user's usage rise with real requests and a refusal appear, use the token
 * calculator, switch to English. Screenshots of each step go to {@code target/dashboard-screenshots/}.
 */
class DashboardBrowserTest {

  @RegisterExtension
  static final GatewayStack STACK = GatewayStack.withEditableUsers("--koreanllm.backend-poll-interval=500ms",
      "--koreanllm.gpu.metrics-urls=" + GatewayStack.SIMULATOR_URL + "/dcgm/metrics,http://127.0.0.1:9/metrics");

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots");
  private static final String MODEL = "korean-qwen";

  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void startBrowser() throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      fail("Debian's chromium and chromium-driver are missing: run scripts/test.sh, which installs them");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The machine's network is closed: without these, Chromium keeps trying to reach Google's services.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1400,2000", "--lang=ko-KR",
        "--user-data-dir=" + Files.createTempDirectory("dashboard-chromium"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    // The page re-renders its tables every poll: an element read as it is replaced is read again.
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anAdminWatchesUsageRiseARefusalAppearAndCountsATextInKoreanThenEnglish() throws Exception {
    // The 'test' user (테스트) may send three requests a minute, and is in the team 품질팀.
    Files.writeString(STACK.usersFile(), Files.readString(STACK.usersFile())
        .replace("limits: {rpm: 20, tpm: 3000, tpd: 500000}", "team: qa\n    limits: {rpm: 3, tpm: 3000, tpd: 500000}")
        + "\nteams:\n  - name: qa\n    displayName: 품질팀\n    limits: {monthlyTokens: 1000000}\n");
    admin().post().uri("/admin/reload-config").exchange().expectStatus().isOk();

    // Without a session the dashboard sends the browser to the login form; a wrong key is refused.
    browser.get(STACK.gateway().url() + "/dashboard");
    wait.until(driver -> driver.getCurrentUrl().endsWith("/dashboard/login"));
    assertThat(text("h1")).isEqualTo("한국어 LLM 토큰 리미터");
    logIn("sk-wrong-key");
    wait.until(driver -> driver.findElement(By.id("login-failed")).isDisplayed());
    screenshot("01-login-refused");
    logIn(TestGateway.ADMIN_KEY);
    wait.until(driver -> driver.getCurrentUrl().endsWith("/dashboard"));
    wait.until(driver -> !driver.findElements(By.cssSelector("#usage-table tr[data-user='test']")).isEmpty());
    assertThat(rpmOf("test")).isEqualTo("0 / 3");

    // Usage rises with each request, live.
    chat(TEST_KEY, 200);
    waitForText(By.cssSelector("#usage-table tr[data-user='test'] td[data-metric='rpm'] .meter-label"), "1 / 3");
    chat(TEST_KEY, 200);
    chat(TEST_KEY, 200);
    waitForText(By.cssSelector("#usage-table tr[data-user='test'] td[data-metric='rpm'] .meter-label"), "3 / 3");
    JsonNode today = admin().get().uri("/admin/statistics").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody().path("today");
    assertThat(text("#today-requests")).isEqualTo("3");
    waitForText(By.id("today-tokens"), String.format(java.util.Locale.US, "%,d",
        today.path("prompt_tokens").asLong() + today.path("completion_tokens").asLong()));
    screenshot("02-usage-risen");

    // The team: its month against its budget, and its one member holding all of it.
    By team = By.cssSelector("#team-table tr[data-team='qa']");
    wait.until(driver -> !driver.findElements(team).isEmpty());
    assertThat(text("#team-table tr[data-team='qa'] td.name")).isEqualTo("품질팀");
    waitForText(By.cssSelector("#team-table tr[data-team='qa'] [data-field='members']"), "테스트 100.0%");
    JsonNode testStats = admin().get().uri("/stats/test").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody();
    waitForText(By.cssSelector("#team-table tr[data-team='qa'] td[data-metric='month'] .meter-label"),
        String.format(java.util.Locale.US, "%,d / 1,000,000",
            testStats.path("team").path("usage").path("tokens_this_month").asLong()));
    assertThat(text("#usage-table tr[data-user='test'] [data-field='team']")).isEqualTo("품질팀");

    // The export link follows the form and downloads with the login alone.
    ((JavascriptExecutor) browser).executeScript("const from = document.getElementById('export-from');"
        + "from.value = '2026-11-22'; from.dispatchEvent(new Event('change'));");
    new Select(browser.findElement(By.id("export-group"))).selectByValue("team");
    String href = browser.findElement(By.id("export-download")).getAttribute("href");
    assertThat(href).contains("format=csv").contains("group=team").contains("from=2026-11-22");
    String csv = (String) ((JavascriptExecutor) browser).executeAsyncScript(
        "const done = arguments[arguments.length - 1];"
            + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer())"
            // Decoded keeping the byte order mark, which r.text() would strip.
            + ".then(bytes => done(new TextDecoder('utf-8', {ignoreBOM: true}).decode(bytes)));", href);
    assertThat(csv).startsWith("\uFEFFday,team,display_name,").contains(",qa,품질팀,");
    screenshot("02b-teams-and-export");

    // The fourth is refused, and the refusal appears with its reason.
    chat(TEST_KEY, 429);
    By refusal = By.cssSelector("#recent-table tr[data-outcome='refused'][data-reason='rpm_exceeded']");
    wait.until(driver -> !driver.findElements(refusal).isEmpty());
    WebElement refused = browser.findElement(refusal);
    assertThat(refused.findElement(By.cssSelector("[data-field='outcome']")).getText()).isEqualTo("거절");
    assertThat(refused.findElement(By.cssSelector("[data-field='reason']")).getText())
        .isEqualTo("분당 요청 한도 초과 (429)");
    assertThat(refused.getText()).contains("테스트");
    assertThat(browser.findElements(By.cssSelector("#recent-table tr[data-outcome='completed'][data-user='test']")))
        .hasSize(3);

    // The backend is seen up, with its engine's load read from its /metrics.
    By backend = By.cssSelector("#backend-table tr[data-model='korean-qwen']");
    wait.until(driver -> driver.findElement(backend).findElement(By.cssSelector("[data-field='health']")).getText()
        .startsWith("정상"));
    // Idle again once a poll (every 500 ms) follows the last answer.
    waitForText(By.cssSelector("#backend-table tr[data-model='korean-qwen'] [data-field='running']"), "0");
    // Probed on demand, the simulator counts as the gateway does.
    admin().post().uri("/admin/parity/run").exchange().expectStatus().isOk();
    waitForText(By.cssSelector("#backend-table tr[data-model='korean-qwen'] [data-field='parity']"), "일치");
    screenshot("03-refusal-and-backends");

    // The GPU panel shows what the DCGM exporter serves (the simulator's, idle now), and an exporter that is down.
    String dcgm = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(STACK.simulator().url() + "/dcgm/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    long used = Math.round(metric(dcgm, "DCGM_FI_DEV_FB_USED"));
    long total = used + Math.round(metric(dcgm, "DCGM_FI_DEV_FB_FREE"));
    By gpu = By.cssSelector("#gpu-table tr[data-gpu]");
    wait.until(driver -> !driver.findElements(gpu).isEmpty());
    assertThat(browser.findElement(By.id("gpus")).isDisplayed()).isTrue();
    assertThat(text("#gpu-table tr[data-gpu] td.name")).startsWith("NVIDIA GeForce RTX 4060 #0");
    waitForText(By.cssSelector("#gpu-table tr[data-gpu] td[data-metric='memory'] .meter-label"),
        String.format(java.util.Locale.US, "%,d / %,d", used, total));
    waitForText(By.cssSelector("#gpu-table tr[data-gpu] [data-field='temperature']"),
        Math.round(metric(dcgm, "DCGM_FI_DEV_GPU_TEMP")) + " °C");
    waitForText(By.cssSelector("#gpu-table tr[data-exporter='http://127.0.0.1:9/metrics'] [data-field='health']"),
        "익스포터 응답 없음");

    // Resetting a user's usage asks for the admin key: cancelled or with a wrong key, nothing changes.
    By resetTest = By.cssSelector("#usage-table tr[data-user='test'] button[data-action='reset']");
    click(resetTest);
    wait.until(driver -> driver.findElement(By.id("confirm-dialog")).isDisplayed());
    assertThat(text("#confirm-message")).contains("테스트").contains("초기화");
    screenshot("03b-confirm-reset");
    browser.findElement(By.id("confirm-cancel")).click();
    wait.until(driver -> !driver.findElement(By.id("confirm-dialog")).isDisplayed());
    confirmWith(resetTest, "sk-not-the-admin-key");
    wait.until(driver -> driver.findElement(By.id("action-result")).getText().startsWith("실패: "));
    assertThat(rpmOf("test")).isEqualTo("3 / 3");
    confirmWith(resetTest, TestGateway.ADMIN_KEY);
    waitForText(By.id("action-result"), "테스트의 사용량을 초기화했습니다.");
    waitForText(By.cssSelector("#usage-table tr[data-user='test'] td[data-metric='rpm'] .meter-label"), "0 / 3");
    chat(TEST_KEY, 200);

    // Reloading the configuration, confirmed the same way.
    int users = admin().get().uri("/admin/statistics").exchange().expectBody(JsonNode.class).returnResult()
        .getResponseBody().path("configured_users").asInt();
    confirmWith(By.id("reload-config"), TestGateway.ADMIN_KEY);
    waitForText(By.id("action-result"), "설정을 다시 읽었습니다: 사용자 " + users + "명, 모델 2개.");
    screenshot("03c-admin-actions-and-gpu");

    // The token calculator shows the exact count next to the seeds' estimate.
    String text = "안녕하세요, 오늘 회의는 오후 3시에 시작합니다. Please bring the Q3 report.";
    JsonNode expected = admin().get().uri(uri -> uri.path("/token-info").queryParam("model", MODEL)
        .queryParam("text", "{text}").build(text)).exchange().expectStatus().isOk().expectBody(JsonNode.class)
        .returnResult().getResponseBody();
    new Select(browser.findElement(By.id("calc-model"))).selectByValue(MODEL);
    browser.findElement(By.id("calc-text")).sendKeys(text);
    browser.findElement(By.id("calc-submit")).click();
    wait.until(driver -> driver.findElement(By.id("calc-result")).isDisplayed());
    int exact = expected.path("token_count").asInt();
    int heuristic = expected.path("heuristic_estimate").asInt();
    assertThat(exact).isNotEqualTo(heuristic);
    assertThat(text("#calc-exact")).isEqualTo(Integer.toString(exact));
    assertThat(text("#calc-heuristic")).isEqualTo(Integer.toString(heuristic));
    assertThat(text("#calc-diff")).startsWith(String.format(java.util.Locale.ROOT, "%s%.1f%%",
        heuristic > exact ? "+" : "", 100.0 * (heuristic - exact) / exact))
        .contains(heuristic > exact ? "과대 추정" : "과소 추정");
    screenshot("04-token-calculator");

    // English on request, kept across the live refresh.
    browser.findElement(By.id("lang-toggle")).click();
    waitForText(By.cssSelector("h1"), "Korean LLM Token Limiter");
    wait.until(driver -> driver.findElement(refusal).findElement(By.cssSelector("[data-field='outcome']"))
        .getText().equals("Refused"));
    assertThat(text("#calc-diff")).contains(heuristic > exact ? "over" : "under");
    screenshot("05-english");

    // The charts were drawn by the bundled Chart.js, and the page broke no rule of its Content-Security-Policy.
    JavascriptExecutor js = browser;
    assertThat(js.executeScript("return Chart.getChart('throughput-chart').data.datasets[0].data.some(v => v > 0)"
        + " && Chart.getChart('top-chart').data.labels.includes('테스트')")).isEqualTo(true);
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        // The refused request's 429 is the test's own, made outside the page; the wrong key's 401 is the test's too.
        .filter(entry -> !entry.getMessage().contains("favicon.ico"))
        .filter(entry -> !(entry.getMessage().contains("/admin/reset-usage/") && entry.getMessage().contains("401")))
        .toList();
    assertThat(errors).isEmpty();
  }

  private static void logIn(String key) {
    WebElement field = browser.findElement(By.id("key"));
    field.clear();
    field.sendKeys(key);
    browser.findElement(By.id("login")).click();
  }

  /** Clicks an admin action and confirms it with this key. */
  private static void confirmWith(By action, String key) {
    click(action);
    wait.until(driver -> driver.findElement(By.id("confirm-dialog")).isDisplayed());
    browser.findElement(By.id("confirm-key")).sendKeys(key);
    browser.findElement(By.id("confirm-ok")).click();
    wait.until(driver -> !driver.findElement(By.id("confirm-dialog")).isDisplayed());
  }

  /**
   * Clicks what {@code target} finds, found again if the live refresh redrew it in between (the wait ignores stale
   * elements): a stale element was not clicked, so nothing happens twice.
   */
  private static void click(By target) {
    wait.until(driver -> {
      driver.findElement(target).click();
      return true;
    });
  }

  /** The value of a gauge in Prometheus text (the first sample of that name). */
  private static double metric(String text, String name) {
    return text.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " ")).findFirst()
        .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).orElseThrow();
  }

  private static String rpmOf(String user) {
    return text("#usage-table tr[data-user='" + user + "'] td[data-metric='rpm'] .meter-label");
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private static void waitForText(By element, String expected) {
    wait.withMessage(() -> element + " to read '" + expected + "'; the page's warnings: "
            + browser.manage().logs().get(LogType.BROWSER).getAll())
        .until(driver -> expected.equals(driver.findElement(element).getText()));
  }

  private static void screenshot(String name) throws IOException {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static void chat(String key, int status) {
    STACK.gateway().client().post().uri("/v1/chat/completions").header("Authorization", "Bearer " + key)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(koreanChat(MODEL, 20)).exchange()
        .expectStatus().isEqualTo(status);
  }

  private static WebTestClient admin() {
    return STACK.gateway().client().mutate().defaultHeader("Authorization", "Bearer " + TestGateway.ADMIN_KEY)
        .build();
  }
}
