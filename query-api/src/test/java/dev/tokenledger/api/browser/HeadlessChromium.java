package dev.tokenledger.api.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium and its driver ({@code apt-get install chromium chromium-driver}) under
 * Selenium, never anything downloaded at test time. When they are missing the browser tests are skipped
 * with the command that installs them — unless {@code -Dtokenledger.browser.required=true}, which
 * {@code ./tokenledger test} (and so CI) sets: there a missing browser fails the build.
 */
public final class HeadlessChromium {

  static final String REQUIRED = "tokenledger.browser.required";
  private static final Path BROWSER = Path.of(System.getenv().getOrDefault("TOKENLEDGER_CHROMIUM", "/usr/bin/chromium"));
  private static final Path DRIVER = Path.of(System.getenv().getOrDefault("TOKENLEDGER_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private HeadlessChromium() {}

  /** A headless browser of {@code width} x {@code height} pixels saving downloads into {@code downloads}. */
  public static ChromeDriver start(int width, int height, Path downloads) {
    boolean present = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    String missing = "headless Chromium or its driver is missing (" + BROWSER + ", " + DRIVER
        + "): apt-get install chromium chromium-driver";
    if (Boolean.getBoolean(REQUIRED)) {
      assertThat(present).as(missing).isTrue();
    } else {
      Assumptions.assumeTrue(present, missing);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=en-US",
        "--force-device-scale-factor=1", "--hide-scrollbars", "--window-size=" + width + "," + height);
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
        "download.prompt_for_download", false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }

  /** The whole page as one PNG: the window grows to the page's height first. */
  public static void screenshot(ChromeDriver driver, Path file) {
    // the window is the page's height plus whatever the window has beyond its viewport
    long height = ((Number) ((JavascriptExecutor) driver).executeScript(
        "return Math.ceil(document.documentElement.scrollHeight) + (window.outerHeight - window.innerHeight)")).longValue();
    Dimension size = driver.manage().window().getSize();
    if (Math.abs(size.getHeight() - height) > 2) {
      driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height, 8000)));
    }
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
