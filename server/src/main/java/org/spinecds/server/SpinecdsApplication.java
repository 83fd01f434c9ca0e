package org.spinecds.server;

import java.util.Arrays;

import org.spinecds.server.security.DevelopmentTokens;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SpinecdsApplication {

    /** {@code token …} mints development tokens and exits (no web server); anything else runs the service. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("token")) {
            DevelopmentTokens.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(SpinecdsApplication.class, args);
    }
}
