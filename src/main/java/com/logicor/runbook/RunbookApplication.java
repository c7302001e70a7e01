package com.logicor.runbook;

import com.logicor.runbook.security.BreakGlassMode;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Logicor Runbook: the backup and recovery regulation of Logicor 2.6 as Camunda processes. */
@SpringBootApplication
public class RunbookApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(RunbookApplication.class, args);
        if (BreakGlassMode.requested(context.getEnvironment())) {
            // a one-shot command (docs/security.md): its runner has done the work
            System.exit(SpringApplication.exit(context));
        }
    }
}
