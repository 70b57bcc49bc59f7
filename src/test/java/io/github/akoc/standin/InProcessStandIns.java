package io.github.akoc.standin;

import io.github.akoc.stack.local.LocalServices;
import io.github.akoc.standin.authentik.AuthentikStandIn;
import io.github.akoc.standin.opencloud.OpenCloudStandIn;

import java.util.Map;

/** The stand-ins started in the test JVM, for the local stack's self-test. */
public final class InProcessStandIns implements LocalServices {
    @Override
    public Running startAuthentik(Map<String, String> env) {
        return AuthentikStandIn.start(env);
    }

    @Override
    public Running startOpenCloud(Map<String, String> env) {
        return OpenCloudStandIn.start(env);
    }
}
