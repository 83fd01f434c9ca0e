package org.spinecds.server;

import java.util.Arrays;

import org.spinecds.server.cli.EvaluateCommand;
import org.spinecds.server.security.DevelopmentTokens;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SpinecdsApplication {

    /**
     * {@code token …} mints development tokens, {@code evaluate …} prints the cards for a patient's Bundle, each without
     * starting a web server; anything else runs the service.
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("token") || args[0].equals("evaluate"))) {
            // Before any logger exists: a command's standard output is its result, its log goes to standard error.
            System.setProperty("logback.configurationFile", "cli-logback.xml");
        }
        if (args.length > 0 && args[0].equals("token")) {
            DevelopmentTokens.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("evaluate")) {
            EvaluateCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(SpinecdsApplication.class, args);
    }
}
