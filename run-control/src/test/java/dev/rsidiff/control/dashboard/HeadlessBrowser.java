package dev.rsidiff.control.dashboard;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

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

    /** A screenshot of the page as {@code name} under {@link #SHOTS}. */
    public static void shot(ChromeDriver browser, String name) throws IOException {
        File png = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SHOTS);
        Files.copy(png.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
