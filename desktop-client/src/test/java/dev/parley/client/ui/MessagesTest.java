package dev.parley.client.ui;

import dev.parley.client.ui.common.Messages;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void englishAndChineseHaveTheSameKeys() {
        Set<String> en = new HashSet<>(Collections.list(new Messages(Locale.ENGLISH).bundle().getKeys()));
        Set<String> zh = new HashSet<>(Collections.list(new Messages(Locale.SIMPLIFIED_CHINESE).bundle().getKeys()));
        assertThat(zh).isEqualTo(en);
        assertThat(en).hasSizeGreaterThan(100);
    }

    @Test
    void choosesTheLanguageFromTheSettingOrTheSystem() {
        assertThat(new Messages(Messages.localeFor("zh-CN")).get("connect.button")).isEqualTo("连接");
        assertThat(new Messages(Messages.localeFor("en")).get("connect.button")).isEqualTo("Connect");
        assertThat(Messages.localeFor("")).isEqualTo(Locale.getDefault());
    }

    @Test
    void formatsArguments() {
        Messages m = new Messages(Locale.ENGLISH);
        assertThat(m.format("activity.typing.two", "alice", "bob")).isEqualTo("alice and bob are typing…");
        assertThat(m.format("status.reason.nickTaken", "alice")).contains("“alice”");
    }
}
