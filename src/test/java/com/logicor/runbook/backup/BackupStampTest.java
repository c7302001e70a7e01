package com.logicor.runbook.backup;

import com.logicor.runbook.streams.Compression;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupStampTest {

    @ParameterizedTest(name = "''{0}'' valid: {1}")
    @CsvSource(delimiter = '|', value = {
            "20261130-120000          | true",
            "20261130-120000-a1b2c3   | true",
            "../../x                  | false",
            "20261130-120000/../../x  | false",
            "20261130-120000-         | false",
            "20261130-12000           | false",
            "2026113a-120000          | false",
            "20261130-120000-a b      | false",
            "''                       | false",
    })
    void stampsHaveTheirOneForm(String stamp, boolean valid) {
        if (valid) {
            assertThat(BackupRunContext.requireStamp(stamp)).isEqualTo(stamp);
        } else {
            assertThatThrownBy(() -> BackupRunContext.requireStamp(stamp)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a backup run stamp");
        }
    }

    @Test
    void theStampARunGetsIsValidAndARunContextRefusesAnyOther() {
        String stamp = BackupRunContext.stampOf(OffsetDateTime.parse("2026-11-30T15:04:05+03:00"));
        assertThat(stamp).isEqualTo("20261130-120405");
        assertThat(new BackupRunContext("r", stamp, null, Compression.ZSTD).stamp()).isEqualTo(stamp);
        assertThatThrownBy(() -> new BackupRunContext("r", "../../x", null, Compression.ZSTD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupRunContext.requireStamp(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
