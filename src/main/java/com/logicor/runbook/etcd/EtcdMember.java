package com.logicor.runbook.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of etcd's member list, as the v3 JSON gateway gives it. IDs are uint64 and the gateway writes
 * them as decimal strings; they are kept as strings so that no ID above {@code Long.MAX_VALUE} is mangled.
 * A member that was added but has not started yet has no name and no client URLs.
 */
public record EtcdMember(String id, String name, List<String> peerUrls, List<String> clientUrls) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EtcdMember {
        name = name == null ? "" : name;
        peerUrls = List.copyOf(peerUrls);
        clientUrls = List.copyOf(clientUrls);
    }

    public boolean started() {
        return !name.isEmpty();
    }

    /** The member of the list that has this peer URL (how etcd itself matches a joining member). */
    public static java.util.Optional<EtcdMember> byPeerUrl(List<EtcdMember> members, String peerUrl) {
        return members.stream().filter(m -> m.peerUrls().contains(peerUrl)).findFirst();
    }

    /** The "members" of a member/list or member/add answer. */
    public static List<EtcdMember> parseList(String json) {
        return parseArray(read(json).path("members"));
    }

    /** The "member" of a member/add answer: the new member's ID and peer URLs. */
    public static EtcdMember parseAdded(String json) {
        JsonNode member = read(json).path("member");
        if (member.isMissingNode() || member.path("ID").asText("").isEmpty()) {
            throw new IllegalStateException("etcd member/add answer has no member: " + json);
        }
        return parse(member);
    }

    /** One line per member, for history: {@code <id> <name|(unstarted)> peer <urls> client <urls>}. */
    public static String describe(List<EtcdMember> members) {
        List<String> lines = new ArrayList<>();
        for (EtcdMember m : members) {
            lines.add(m.id() + " " + (m.started() ? m.name() : "(unstarted)") + " peer " + String.join(",", m.peerUrls())
                    + (m.clientUrls().isEmpty() ? "" : " client " + String.join(",", m.clientUrls())));
        }
        return String.join("\n", lines);
    }

    private static List<EtcdMember> parseArray(JsonNode array) {
        List<EtcdMember> members = new ArrayList<>();
        for (JsonNode m : array) members.add(parse(m));
        return members;
    }

    private static EtcdMember parse(JsonNode m) {
        return new EtcdMember(m.path("ID").asText(), m.path("name").asText(""), strings(m.path("peerURLs")),
                strings(m.path("clientURLs")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not an etcd JSON answer: " + e.getMessage(), e);
        }
    }
}
