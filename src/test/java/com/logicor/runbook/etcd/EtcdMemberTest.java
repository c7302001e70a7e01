package com.logicor.runbook.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers as etcd 3.4's JSON gateway gives them (taken from a 3-member cluster in the lab). */
class EtcdMemberTest {

    static final String LIST = """
            {"header":{"cluster_id":"457243729308882590","member_id":"6681563469769426894","raft_term":"2"},"members":[
             {"ID":"6681563469769426894","name":"p1","peerURLs":["http://127.0.0.1:23801"],"clientURLs":["http://127.0.0.1:23791"]},
             {"ID":"12652846245932219221","name":"p2","peerURLs":["http://127.0.0.1:23802"],"clientURLs":["http://127.0.0.1:23792"]},
             {"ID":"17333627468901273617","peerURLs":["http://127.0.0.1:23803"]}]}""";

    static final String ADDED = """
            {"header":{"cluster_id":"457243729308882590","member_id":"6681563469769426894","raft_term":"2"},
             "member":{"ID":"17333627468901273617","peerURLs":["http://127.0.0.1:23803"]},"members":[]}""";

    @Test
    void idsAboveLongMaxStayExactAndAnAddedMemberIsUnstarted() {
        List<EtcdMember> members = EtcdMember.parseList(LIST);
        assertThat(members).extracting(EtcdMember::id).containsExactly("6681563469769426894", "12652846245932219221", "17333627468901273617");
        assertThat(members).extracting(EtcdMember::started).containsExactly(true, true, false);
        assertThat(members.get(2).name()).isEmpty();
        assertThat(members.get(2).clientUrls()).isEmpty();
        assertThat(members.get(1).clientUrls()).containsExactly("http://127.0.0.1:23792");
    }

    @Test
    void aMemberIsFoundByItsPeerUrl() {
        List<EtcdMember> members = EtcdMember.parseList(LIST);
        assertThat(EtcdMember.byPeerUrl(members, "http://127.0.0.1:23802")).get().extracting(EtcdMember::name).isEqualTo("p2");
        assertThat(EtcdMember.byPeerUrl(members, "http://127.0.0.1:23809")).isEmpty();
    }

    @Test
    void theAddAnswerGivesTheNewId() {
        assertThat(EtcdMember.parseAdded(ADDED).id()).isEqualTo("17333627468901273617");
        assertThatThrownBy(() -> EtcdMember.parseAdded("{\"header\":{}}")).hasMessageContaining("no member");
    }

    @Test
    void anEmptyOrBrokenAnswer() {
        assertThat(EtcdMember.parseList("{\"header\":{}}")).isEmpty();
        assertThatThrownBy(() -> EtcdMember.parseList("<html>")).hasMessageContaining("not an etcd JSON answer");
    }

    @Test
    void describedOneLinePerMember() {
        assertThat(EtcdMember.describe(EtcdMember.parseList(LIST))).isEqualTo("""
                6681563469769426894 p1 peer http://127.0.0.1:23801 client http://127.0.0.1:23791
                12652846245932219221 p2 peer http://127.0.0.1:23802 client http://127.0.0.1:23792
                17333627468901273617 (unstarted) peer http://127.0.0.1:23803""");
    }
}
