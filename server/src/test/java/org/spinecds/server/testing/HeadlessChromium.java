package org.spinecds.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests, at pinned paths: with both the browser and the driver given,
 * Selenium Manager is never asked for anything, so nothing is downloaded. Without them the tests skip and say what
 * to install, unless {@code SPINECDS_BROWSER_TESTS_REQUIRED=true} (CI, {@code .ci/browser.sh}), where they fail.
 */
public final class HeadlessChromium {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** A laptop screen, the size the page is made for. */
    public static final int WIDTH = 1366;
    public static final int HEIGHT = 768;

    private HeadlessChromium() {
    }

    public static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String message = "The browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
                    + "): apt-get install chromium chromium-driver, as .ci/browser.sh does";
            if ("true".equals(System.getenv("SPINECDS_BROWSER_TESTS_REQUIRED"))) {
                throw new IllegalStateException(message);
            }
            Assumptions.abort(message);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + "," + HEIGHT, "--force-device-scale-factor=1", "--lang=en-US",
                "--no-first-run", "--disable-extensions", "--disable-background-networking");
        return new ChromeDriver(service, options);
    }
}
