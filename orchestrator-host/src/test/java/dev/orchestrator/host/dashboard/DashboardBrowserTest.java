package dev.orchestrator.host.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.orchestrator.core.protocol.AssignJob;
import dev.orchestrator.core.protocol.Heartbeat;
import dev.orchestrator.core.protocol.Hello;
import dev.orchestrator.core.protocol.JobDone;
import dev.orchestrator.core.protocol.JobFailed;
import dev.orchestrator.core.protocol.ReportedStatus;
import dev.orchestrator.core.protocol.StatusUpdate;
import dev.orchestrator.core.protocol.Welcome;
import dev.orchestrator.host.TestHost;
import dev.orchestrator.host.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless Chromium (the Debian {@code chromium} and {@code
 * chromium-driver} packages) against a real host. Skipped on a machine without them, but a
 * failure under {@code CI=true}, where they must be installed.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String TOKEN = "dashboard-admin-token";
  private static final Path SCREENSHOT = Path.of("..", "docs", "img", "dashboard.png");

  private final List<WsClient> servers = new ArrayList<>();
  private TestHost host;
  private ChromeDriverService service;
  private ChromeDriver browser;

  @BeforeEach
  void startBrowser(@TempDir Path profile) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String missing = "the dashboard browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
          + " (Debian/Ubuntu: apt-get install chromium chromium-driver)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(missing + "; CI=true, so this is a failure rather than a skip");
      }
      Assumptions.abort(missing + "; skipped outside CI");
    }
    host = TestHost.start(b -> b.adminToken(TOKEN)).withAdminToken(TOKEN);
    service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--force-device-scale-factor=1", "--user-data-dir=" + profile.toAbsolutePath());
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1440, 1180));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    servers.forEach(WsClient::close);
    if (host != null) {
      host.close();
    }
  }

  private static ConditionFactory eventually() {
    return Awaitility.await().atMost(Duration.ofSeconds(15)).ignoreExceptions();
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private WebElement row(String serverId) {
    return browser.findElement(By.cssSelector(".srow[data-server-id='" + serverId + "']"));
  }

  private WsClient connect(String serverId, String ip, double cpu, double ram, double disk) {
    WsClient server = WsClient.connect(host.ws(serverId));
    server.await(Welcome.class);
    server.send(new Hello(ip, 1, Map.of("region", "eu"), "1.4.2"));
    server.send(new Heartbeat(cpu, ram, disk, Map.of()));
    servers.add(server);
    return server;
  }

  /** Creates a map and returns the job some idle server was given for it. */
  private Assignment run(String mapId) {
    host.createMap(mapId);
    Callable<Assignment> found = () -> {
      for (WsClient server : servers) {
        for (var message : server.received()) {
          if (message instanceof AssignJob job && job.mapId().equals(mapId)) {
            return new Assignment(server, job);
          }
        }
      }
      return null;
    };
    return eventually().until(found, a -> a != null);
  }

  private record Assignment(WsClient server, AssignJob job) { }

  private void login(String token) {
    WebElement field = browser.findElement(By.id("auth-token"));
    field.clear();
    field.sendKeys(token);
    browser.findElement(By.cssSelector("#auth-form button")).click();
  }

  @Test
  void shouldShowTheFleetLiveAndRetryAnErrorMap() throws IOException {
    browser.get(host.http("/").toString());
    eventually().until(() -> text("auth-message").contains("401"));
    assertThat(text("auth-message")).contains("requires the admin token");
    login("not-the-token");
    eventually().until(() -> text("auth-message").contains("was refused"));
    assertThat(browser.findElement(By.id("board")).isDisplayed()).isFalse();
    login(TOKEN);
    eventually().until(() -> "live".equals(
        browser.findElement(By.id("stream-state")).getAttribute("data-state")));

    WsClient first = connect("unity_10_0_0_11", "10.0.0.11", 34, 52, 41);
    eventually().until(() -> row("unity_10_0_0_11").getText().contains("10.0.0.11"));
    connect("unity_10_0_0_12", "10.0.0.12", 71, 64, 58);
    connect("unity_10_0_0_13", "10.0.0.13", 18, 37, 92);
    WsClient gone = connect("unity_10_0_0_14", "10.0.0.14", 12, 20, 30);
    gone.send(new StatusUpdate(ReportedStatus.BUSY));
    eventually().until(() -> "busy".equals(row("unity_10_0_0_14").getAttribute("data-status")));
    gone.close();
    eventually().until(() -> "offline".equals(
        row("unity_10_0_0_14").getAttribute("data-status")));
    servers.remove(gone);

    for (String mapId : List.of("desert-7", "harbor-2", "canyon-4")) {
      Assignment done = run(mapId);
      done.server().send(new JobDone(mapId, null, done.job().jobId()));
    }
    eventually().until(() -> "3".equals(
        browser.findElement(By.id("chart")).getAttribute("data-completions")));
    assertThat(text("history")).contains("desert-7", "harbor-2", "canyon-4");

    Assignment broken = run("frozen-lake");
    broken.server().send(new JobFailed("frozen-lake", broken.job().jobId(),
        "map data corrupt", false));
    eventually().until(() -> "1".equals(
        browser.findElement(By.id("chart")).getAttribute("data-failures")));
    eventually().until(() -> text("error-maps").contains("frozen-lake"));
    assertThat(text("error-maps")).contains("map data corrupt");

    Assignment running = run("jungle-1");
    String runner = running.job().mapId();
    eventually().until(() -> browser.findElements(By.cssSelector(".srow")).stream()
        .anyMatch(r -> r.getText().contains(runner + " ·")));
    first.send(new Heartbeat(46.0, 55.0, 41.0, Map.of()));
    eventually().until(() -> row("unity_10_0_0_11").getText().contains("46%"));
    eventually().until(() -> text("t-error").equals("1"));
    eventually().until(() -> text("t-leased").equals("1"));

    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));

    browser.findElement(By.cssSelector("#error-maps li[data-map-id='frozen-lake'] button"))
        .click();
    eventually().until(() -> text("retry-message").contains("frozen-lake is queued again"));
    eventually().until(() -> !TestHost.json(host.get("/api/map/frozen-lake/"))
        .get("status").asText().equals("error"));
    eventually().until(() -> !text("error-maps").contains("frozen-lake"));
  }

  @Test
  void shouldRenderOnlyTheVisibleRowsOfALargeFleet() {
    for (int i = 0; i < 60; i++) {
      connect(String.format("fleet-%03d", i), "10.1.0." + i, i, 50, 20);
    }
    browser.get(host.http("/").toString());
    eventually().until(() -> text("auth-message").contains("401"));
    login(TOKEN);
    eventually().until(() -> text("server-count").equals("60 servers"));
    int rendered = browser.findElements(By.cssSelector(".srow")).size();
    assertThat(rendered).isLessThan(60);
    browser.findElement(By.id("filter")).sendKeys("fleet-05");
    eventually().until(() -> text("server-count").equals("10 of 60 servers"));
    browser.findElement(By.cssSelector(".th[data-sort='cpu_usage']")).click();
    browser.findElement(By.cssSelector(".th[data-sort='cpu_usage']")).click();
    eventually().until(() -> browser.findElements(By.cssSelector(".srow:not([hidden])"))
        .get(0).getAttribute("data-server-id").equals("fleet-059"));
  }
}
