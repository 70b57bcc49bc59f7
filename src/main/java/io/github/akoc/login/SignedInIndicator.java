package io.github.akoc.login;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Optional;

/**
 * How a page shows that someone is signed in: the OpenCloud stand-in's {@code #signed-in-user}, or the
 * real OpenCloud web UI's user menu. The user menu button {@code #_userMenuButton} is there for anonymous
 * visitors too; only a signed-in user gets the personal avatar {@code .oc-topbar-personal-avatar} inside it
 * (opencloud-eu/web, packages/web-runtime/src/components/Topbar/UserMenu.vue).
 */
public interface SignedInIndicator {
    /** Who is signed in as far as the page tells (may be a placeholder when it shows no name), or empty. */
    Optional<String> signedInAs(WebDriver driver);

    SignedInIndicator STAND_IN = driver -> first(driver, By.cssSelector("#signed-in-user"))
            .map(WebElement::getText).map(String::trim).filter(t -> !t.isEmpty());

    /**
     * The real web UI: the personal avatar in the user menu, and the name from OcAvatar's {@code data-test-user-name}
     * (opencloud-eu/web packages/design-system/src/components/OcAvatar/OcAvatar.vue:10; {@code user-name} is a prop
     * of UserAvatar, not an attribute in the DOM).
     */
    SignedInIndicator OPENCLOUD_WEB = driver -> first(driver, By.cssSelector("#_userMenuButton .oc-topbar-personal-avatar"))
            .map(e -> {
                String name = e.getAttribute("data-test-user-name");
                if (name == null || name.isBlank()) {
                    name = e.findElements(By.cssSelector("[data-test-user-name]")).stream()
                            .map(x -> x.getAttribute("data-test-user-name")).filter(n -> n != null && !n.isBlank()).findFirst().orElse(null);
                }
                return name == null || name.isBlank() ? "(OpenCloud user menu)" : name;
            });

    /** Either of the above. */
    SignedInIndicator ANY = driver -> STAND_IN.signedInAs(driver).or(() -> OPENCLOUD_WEB.signedInAs(driver));

    private static Optional<WebElement> first(WebDriver driver, By by) {
        List<WebElement> found = driver.findElements(by);
        return found.stream().filter(WebElement::isDisplayed).findFirst();
    }
}
