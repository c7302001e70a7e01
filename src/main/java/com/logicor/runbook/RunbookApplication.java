package com.logicor.runbook;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Logicor Runbook: the backup and recovery regulation of Logicor 2.6 as Camunda processes. */
@SpringBootApplication
public class RunbookApplication {

    public static void main(String[] args) {
        SpringApplication.run(RunbookApplication.class, args);
    }
}
