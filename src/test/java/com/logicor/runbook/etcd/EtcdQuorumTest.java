package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtcdQuorumTest {

    @ParameterizedTest(name = "{1} of {0} healthy: quorum {2}")
    @CsvSource({
            "1, 1, true", "1, 0, false",
            "3, 3, true", "3, 2, true", "3, 1, false", "3, 0, false",
            "4, 3, true", "4, 2, false",
            "5, 3, true", "5, 2, false"})
    void moreThanHalfOfTheMembersMustBeHealthy(int members, int healthy, boolean held) {
        assertThat(new EtcdQuorum(members, healthy).held()).isEqualTo(held);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 2", "4, 3", "5, 3", "7, 4"})
    void needed(int members, int needed) {
        assertThat(EtcdQuorum.needed(members)).isEqualTo(needed);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "3, 4", "3, -1"})
    void impossibleCountsAreRefused(int members, int healthy) {
        assertThatThrownBy(() -> new EtcdQuorum(members, healthy)).isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void saysWhatItSaw() {
        assertThat(new EtcdQuorum(3, 2)).hasToString("2 of 3 members healthy, 2 needed: quorum");
        assertThat(new EtcdQuorum(3, 1)).hasToString("1 of 3 members healthy, 2 needed: no quorum");
    }
}
