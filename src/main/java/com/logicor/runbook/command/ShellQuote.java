package com.logicor.runbook.command;

import java.util.regex.Pattern;

/**
 * Quotes words for a POSIX shell (what an SSH exec runs the command line through). Inventory values such as
 * paths end up in remote command lines; a space or a quote in them must never split or end a word.
 */
public final class ShellQuote {

    // Words made only of these need no quotes: the plan then reads as an operator would type it.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    /**
     * One shell word: as is when it is plainly safe, else in single quotes with every {@code '} written as
     * {@code '\''} (inside single quotes nothing else is special).
     */
    public static String quote(String word) {
        if (word == null) {
            throw new IllegalArgumentException("cannot quote a missing value");
        }
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot hold a NUL character");
        }
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words quoted one by one and joined by single spaces: a command line. */
    public static String join(String... words) {
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (!line.isEmpty()) line.append(' ');
            line.append(quote(w));
        }
        return line.toString();
    }
}
