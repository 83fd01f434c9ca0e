package org.spinecds.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.spinecds.server.security.DevelopmentKeys;
import org.spinecds.server.security.DevelopmentTokens;
import org.spinecds.server.testing.HeadlessChromium;
import org.spinecds.server.testing.LocalProfile;
import org.spinecds.server.testing.TemporaryDirectories;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The clinician page in a real browser, in the local profile as a developer runs it: a patient-view and an
 * order-select scenario clicked through, feedback given with the mouse and the keyboard and found stored as trials,
 * the statistics view, a handout. Screenshots go to {@code target/screenshots/}, each checked to be a PNG that shows
 * the cards it was taken for.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClinicianPageBrowserTest {

    private static final Path KEY_DIR = TemporaryDirectories.create("spinecds-page-keys");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String RETENTION = "urinary-retention-ibuprofen.json";
    private static final String KIDNEY = "kidney-disease-ibuprofen.json";
    /** The indicator colours of page.css (badge and left border), to find in a screenshot. */
    private static final int CRITICAL_RGB = 0xb3261e;
    private static final int INFO_RGB = 0x005a9c;
    private static final Pattern ANSWERED = Pattern.compile("\\d+ cards? from|No cards|Could not");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        LocalProfile.register(registry, KEY_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private ChromeDriver browser;

    // Started by the first test rather than in @BeforeAll: a skip there is reported as no test run, without its reason.
    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = HeadlessChromium.start();
        }
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void patientViewShowsARedFlagAndInfoCardsWhoseFeedbackIsStoredAsTrials() throws IOException {
        showCards(RETENTION, "patient-view");
        WebElement critical = browser.findElement(By.cssSelector(".card-critical[data-card-kind='BT-RF-01']"));
        WebElement info = browser.findElement(By.cssSelector(".card-info[data-card-kind='BT-MED-OK']"));
        assertThat(critical.findElement(By.cssSelector(".badge")).getText()).isEqualToIgnoringCase("critical");
        assertThat(critical.findElement(By.cssSelector(".detail ul")).getText()).contains("R33.9");
        assertThat(critical.findElements(By.cssSelector(".evidence li"))).hasSize(3);
        assertThat(critical.findElement(By.cssSelector(".source a")).getAttribute("rel"))
                .isEqualTo("noopener noreferrer");
        assertThat(browser.findElements(By.cssSelector("[data-card-kind='BT-SELF-CARE']"))).isEmpty();
        screenshotShowingCriticalAndInfo("patient-view.png");

        critical.findElement(By.cssSelector("button.suggestion")).click();
        waitForText(critical.findElement(By.cssSelector(".feedback")), "Accepted: Emergency referral");

        // The override by keyboard alone: open it, pick the first reason, send it.
        WebElement toggle = info.findElement(By.cssSelector(".override-toggle"));
        toggle.sendKeys(Keys.ENTER);
        WebElement reason = info.findElement(By.cssSelector(".override select"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(reason);
        new Select(reason).selectByIndex(1);
        reason.sendKeys(Keys.TAB);
        browser.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitForText(info.findElement(By.cssSelector(".feedback")), "Overridden: Already discussed with the patient");

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT s.card_kind, s.trial, f.outcome,"
                + " f.accepted_suggestions, f.override_code FROM card_feedback f"
                + " JOIN card_sent s ON s.card_uuid = f.card_uuid ORDER BY f.outcome");
        assertThat(stored).hasSize(2);
        assertThat(stored.get(0)).containsEntry("CARD_KIND", "BT-RF-01").containsEntry("TRIAL", true)
                .containsEntry("OUTCOME", "accepted");
        assertThat((String) stored.get(0).get("ACCEPTED_SUGGESTIONS")).isNotBlank();
        assertThat(stored.get(1)).containsEntry("CARD_KIND", "BT-MED-OK").containsEntry("TRIAL", true)
                .containsEntry("OUTCOME", "overridden").containsEntry("OVERRIDE_CODE", "already-discussed");
    }

    @Test
    void orderSelectOfIbuprofenWithAnEgfrOf25ShowsTheMedicationSafetyCard() throws IOException {
        showCards(KIDNEY, "order-select");
        WebElement safety = browser.findElement(By.cssSelector(".card-critical[data-card-kind='BT-MED-NSAID-X']"));
        assertThat(safety.findElement(By.cssSelector(".topic")).getText()).isEqualTo("OTC analgesic safety");
        assertThat(safety.findElements(By.cssSelector("button.suggestion"))).extracting(WebElement::getText)
                .anyMatch(label -> label.toLowerCase().contains("acetaminophen"));
        screenshot("order-select.png");
    }

    @Test
    void aPastedBundleGetsItsCards() throws IOException {
        String bundle;
        try (InputStream in = getClass().getResourceAsStream("/page/examples/lumbar-radiculopathy-naproxen.json")) {
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        browser.get(base() + "/");
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#patient option[value='pasted']")));
        new Select(browser.findElement(By.id("patient"))).selectByValue("pasted");
        WebElement field = browser.findElement(By.id("bundle"));
        assertThat(field.isDisplayed()).isTrue();
        browser.executeScript("arguments[0].value = arguments[1]", field, bundle);
        browser.findElement(By.id("show-cards")).click();
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector(".card-info[data-card-kind='BT-PT-L']")));
        assertThat(browser.findElements(By.cssSelector(".card-critical"))).isEmpty();
        screenshot("patient-view-pasted-bundle.png");
    }

    @Test
    void theStatisticsViewCountsAnEhrsCardsAndNotThePagesTrials() throws Exception {
        String url = base() + "/cds-services/back-paresthesia";
        String token = DevelopmentTokens.mint(DevelopmentKeys.loadOrCreate(KEY_DIR), DevelopmentKeys.ISSUER, url,
                Duration.ofMinutes(1));
        byte[] request;
        try (InputStream in = getClass().getResourceAsStream(
                "/fixtures/back-paresthesia/lumbar-radiculopathy-with-urinary-retention/request.json")) {
            request = in.readAllBytes();
        }
        HttpResponse<String> ehrCall = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ehrCall.statusCode()).isEqualTo(200);
        showCards(KIDNEY, "order-select");

        browser.findElement(By.id("view-statistics")).click();
        WebElement table = wait(Duration.ofSeconds(20))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.statistics")));
        assertThat(table.getText()).contains("BT-RF-01").doesNotContain("otc-analgesic-order-select");
        assertThat(browser.findElement(By.id("cards-view")).isDisplayed()).isFalse();
        screenshot("statistics.png");
    }

    /** The exercise card's link, as the page shows it, opens the patient handout of its region. */
    @Test
    void theExerciseCardsLinkOpensTheHandout() throws Exception {
        showCards("lumbar-radiculopathy-naproxen.json", "patient-view");
        WebElement link = browser.findElement(By.partialLinkText("Patient handout: lower-back exercises"));
        assertThat(link.getAttribute("href")).isEqualTo(base() + "/handouts/lower-back");

        browser.get(link.getAttribute("href"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Lower-back exercises for back tingling");
        assertThat(browser.findElement(By.tagName("body")).getText()).containsIgnoringCase("three times a week");
        screenshot("handout-lower-back.png");
    }

    @Test
    void cardMarkdownIsRenderedWithoutLettingHtmlOrScriptLinksThrough() {
        browser.get(base() + "/");
        Object html = browser.executeScript("var box = document.createElement('div');"
                + " box.appendChild(SpineMarkdown.render(arguments[0])); return box.innerHTML;",
                "<img src=x onerror=alert(1)> **bold** and *care*\n[bad](javascript:evil) [good](https://example.org)"
                        + "\n\n- one \\[x\\] \\(y\\) 1\\_2 \\*3\\*\n- two");

        assertThat((String) html).isEqualTo("<p>&lt;img src=x onerror=alert(1)&gt; <strong>bold</strong> and"
                + " <em>care</em> bad <a href=\"https://example.org/\" rel=\"noopener noreferrer\" target=\"_blank\">"
                + "good</a></p><ul><li>one [x] (y) 1_2 *3*</li><li>two</li></ul>");
    }

    private void showCards(String example, String hook) {
        browser.get(base() + "/");
        WebDriverWait wait = wait(Duration.ofSeconds(10));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#patient option[value='" + example
                + "']")));
        new Select(browser.findElement(By.id("patient"))).selectByValue(example);
        browser.findElement(By.cssSelector("input[name=hook][value='" + hook + "']")).click();
        browser.findElement(By.id("show-cards")).click();
        wait(Duration.ofSeconds(30)).until(ExpectedConditions.textMatches(By.id("status"), ANSWERED));
        assertThat(browser.findElement(By.id("status")).getText()).doesNotContain("Could not");
    }

    private void waitForText(WebElement element, String text) {
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElement(element, text));
    }

    private WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** A screenshot that shows the indicator colours of both a critical and an info card. */
    private void screenshotShowingCriticalAndInfo(String name) throws IOException {
        BufferedImage image = screenshot(name);
        assertThat(pixelsOf(image, CRITICAL_RGB)).as("pixels of the critical card's colour").isGreaterThan(200);
        assertThat(pixelsOf(image, INFO_RGB)).as("pixels of the info card's colour").isGreaterThan(200);
    }

    private BufferedImage screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(file)).isPositive();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        assertThat(image).as(name + " is a PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(HeadlessChromium.WIDTH);
        return image;
    }

    private static long pixelsOf(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
