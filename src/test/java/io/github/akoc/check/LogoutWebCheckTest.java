package io.github.akoc.check;

import io.github.akoc.login.Session;
import io.github.akoc.login.WebLogout;
import io.github.akoc.login.WebLogout.Ending;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.akoc.check.CheckTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** logout.web's verdicts, one per way the browser can come to rest after end-session (LogoutWebCheck's javadoc). */
class LogoutWebCheckTest {
    private static final String END = "https://authentik.company/application/o/opencloud/end-session/?id_token_hint=h"
            + "&post_logout_redirect_uri=https%3A%2F%2Fopencloud.company%2F&state=s";
    private CraftedDeployment d;

    @AfterEach
    void stop() {
        if (d != null) {
            d.close();
        }
    }

    private Finding after(Ending ending, String page) throws Exception {
        d = new CraftedDeployment(setup("web-only"));
        Session s = d.session().withWebLogout(() -> new WebLogout(END, ending, "https://authentik.company/if/flow/x/",
                List.of("https://authentik.company/if/flow/x/"), page));
        List<Finding> f = run(new LogoutWebCheck(), d, s);
        assertEquals(1, f.size());
        return f.get(0);
    }

    @Test
    void backAtOpenCloudAndAtAuthentiksLoginPasses() throws Exception {
        assertAllPass(List.of(after(Ending.RETURNED_TO_LOGIN, "Log in")));
    }

    @Test
    void authentiksLoggedOutPageWarnsThatTheSessionSurvivesAndNamesBothRemedies() throws Exception {
        Finding f = after(Ending.SESSION_END_PAGE, "You've logged out of OpenCloud web.");
        assertEquals(Finding.Status.WARN, f.status(), f.toString());
        assertTrue(f.remedy().contains("Post Logout redirect URI of provider web") && f.remedy().contains("https://opencloud.company/"), f.remedy());
        assertTrue(f.remedy().contains("User Logout stage"), f.remedy());
        assertTrue(f.actual().contains("You've logged out of OpenCloud web."), f.actual());
        assertFalse(f.actual().contains("id_token_hint=h"), "the id token stays out of the report: " + f.actual());
    }

    @Test
    void signedStraightBackInWarnsThatTheLogoutDidNothing() throws Exception {
        Finding f = after(Ending.RETURNED_SIGNED_IN, "signed in as alice");
        assertEquals(Finding.Status.WARN, f.status(), f.toString());
        assertTrue(f.remedy().contains("User Logout stage") && !f.remedy().contains("Post Logout"), f.remedy());
    }

    @Test
    void anErrorPageFailsNamingThePostLogoutUriRule() throws Exception {
        Finding f = after(Ending.ERROR_PAGE, "Bad Request The request is otherwise malformed Go home");
        assertExplained(f);
        assertTrue(f.remedy().contains("must match one of provider web's Post Logout redirect URIs exactly"), f.remedy());
        assertTrue(f.actual().contains("Bad Request"), f.actual());
    }

    @Test
    void noEndingFailsAndAWebUiThatNeverWentToAuthentikSaysWhy() throws Exception {
        assertExplained(after(Ending.NO_END, "spinner"));
        d.close();
        d = new CraftedDeployment(setup("web-only"));
        Finding f = run(new LogoutWebCheck(), d, d.session().withWebLogout(() -> new WebLogout(null, Ending.NO_END, "https://opencloud.company/",
                List.of(), "the discovery of https://authentik.company/application/o/opencloud/ has no end_session_endpoint"))).get(0);
        assertExplained(f);
        assertTrue(f.actual().contains("did not go to authentik") && f.remedy().contains("end_session_endpoint"), f.toString());
    }

    @Test
    void withoutABrowserToLogOutItSkipsAndTheLogoutRunsOnce() throws Exception {
        d = new CraftedDeployment(setup("web-only"));
        assertEquals(Finding.Status.SKIP, run(new LogoutWebCheck(), d, d.session()).get(0).status());
        AtomicInteger ran = new AtomicInteger();
        Session s = d.session().withWebLogout(() -> {
            ran.incrementAndGet();
            return new WebLogout(END, Ending.RETURNED_TO_LOGIN, null, List.of(), "");
        });
        run(new LogoutWebCheck(), d, s);
        run(new LogoutWebCheck(), d, s);
        assertEquals(1, ran.get(), "a logout ends the login: it is done at most once");
    }

    @Test
    void itRunsLastBecauseItEndsTheLoginWhoseTokensTheOtherChecksUse() {
        List<Check> all = Checks.all();
        assertEquals(LogoutWebCheck.ID, all.get(all.size() - 1).id());
    }
}
