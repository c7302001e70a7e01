package com.logicor.runbook.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuartzCronTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 0 1 * * *      | 0 0 1 * * ?",
            "0 0/30 * * * *   | 0 0/30 * * * ?",
            "0 0 2 * * SUN    | 0 0 2 ? * SUN",
            "0 0 3 1 * ?      | 0 0 3 1 * ?",
            "0 0 3 1 * *      | 0 0 3 1 * ?"})
    void convertsToTheEnginesForm(String inventory, String engine) {
        assertThat(QuartzCron.of(inventory)).isEqualTo(engine);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 0 1 * * 1      | MON..SUN",
            "0 0 1 15 * MON   | not both",
            "0 0 1 * *        | six fields"})
    void refusesWhatTheEngineWouldReadDifferently(String cron, String message) {
        assertThatThrownBy(() -> QuartzCron.of(cron)).hasMessageContaining(message);
    }
}
