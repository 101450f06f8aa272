package dev.rsidiff.control.dashboard;

import org.awaitility.Awaitility;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Debian's chromium, headless, driven through its chromedriver by Selenium: what the browser tests use. Tests
 * skip, saying so, where {@link #available()} is false ({@code .ci/run} installs both).
 */
public final class HeadlessBrowser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Why a browser test skips. */
    public static final String MISSING = "no headless browser here: apt-get install chromium chromium-driver";
    /** True when every image of the page has loaded with a width (a broken one has naturalWidth 0). */
    public static final String ALL_IMAGES_LOADED =
            "return [...document.images].every(i => i.complete && i.naturalWidth > 0);";
    /** Where screenshots of the pages land. */
    public static final Path SHOTS = Path.of("target", "dashboard-screenshots");

    private HeadlessBrowser() {
    }

    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return browser;
    }

    /**
     * The text of {@code by} once it satisfies {@code ready} (up to 2 min): after a click that navigates, the page it
     * replaces may still be there, or go stale while it is read, and the dashboard renders a report before it sends it.
     */
    public static String awaitText(ChromeDriver browser, By by, Predicate<String> ready) {
        return Awaitility.await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> browser.findElement(by).getText(), ready);
    }

    /** {@link #awaitText} for an element that the page navigated from does not have. */
    public static WebElement awaitElement(ChromeDriver browser, By by) {
        return Awaitility.await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> browser.findElement(by), e -> true);
    }

    /** A screenshot of the page as {@code name} under {@link #SHOTS}. */
    public static void shot(ChromeDriver browser, String name) throws IOException {
        File png = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SHOTS);
        Files.copy(png.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
