package org.spinecds.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class SpinecdsApplication {

    public static void main(String[] args) {
        SpringApplication.run(SpinecdsApplication.class, args);
    }
}
