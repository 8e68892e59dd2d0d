package dev.parley.relay.store.postgres;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@code --database}: where, as whom, and what may be shown of it. */
class PostgresUrlTest {

    @Test
    void credentialsAreTakenOutOfTheUrlAndOtherParametersKept() {
        PostgresUrl u = PostgresUrl.parse("jdbc:postgresql://db.lan:5433/parley?user=relay&password=p%40ss%26word"
                + "&sslmode=require", Map.of("PGUSER", "other", "PGPASSWORD", "other"));
        assertThat(u.user()).isEqualTo("relay");
        assertThat(u.password()).isEqualTo("p@ss&word");
        assertThat(u.url()).isEqualTo("jdbc:postgresql://db.lan:5433/parley?sslmode=require");
        assertThat(u.shown()).isEqualTo("db.lan:5433/parley");
        assertThat(u.toString()).isEqualTo(u.shown()).doesNotContain("p@ss");
    }

    @Test
    void withoutCredentialsInTheUrlTheEnvironmentsAreUsed() {
        PostgresUrl u = PostgresUrl.parse("jdbc:postgresql://db.lan/parley", Map.of("PGUSER", "relay", "PGPASSWORD", "pw"));
        assertThat(u.user()).isEqualTo("relay");
        assertThat(u.password()).isEqualTo("pw");
        assertThat(u.shown()).as("the driver's default port").isEqualTo("db.lan:5432/parley");
        PostgresUrl none = PostgresUrl.parse("jdbc:postgresql://db.lan/parley", Map.of());
        assertThat(none.user()).isNull();
        assertThat(none.password()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "'jdbc:postgresql://a:5432,b:5433/parley', 'a:5432,b:5433/parley'",
            "'jdbc:postgresql://[::1]:5432/parley', '[::1]:5432/parley'",
            "'jdbc:postgresql://h:1/d?password=secret', 'h:1/d'"
    })
    void whatIsShown(String url, String shown) {
        assertThat(PostgresUrl.parse(url, Map.of()).shown()).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource({
            "'', 'expected a PostgreSQL URL, jdbc:postgresql://HOST:PORT/DATABASE'",
            "'jdbc:sqlite:x.db', 'expected a PostgreSQL URL'",
            "'postgresql://h/d', 'expected a PostgreSQL URL'",
            "'JDBC:POSTGRESQL://h/d', 'expected a PostgreSQL URL'",
            "'jdbc:postgresql://', 'expected jdbc:postgresql://HOST:PORT/DATABASE'",
            "'jdbc:postgresql://h:5432/', 'expected jdbc:postgresql://HOST:PORT/DATABASE'",
            "'jdbc:postgresql://h:port/d', 'the database port must be 1-65535, not \"port\"'",
            "'jdbc:postgresql://h:0/d', 'the database port must be 1-65535'",
            "'jdbc:postgresql://h:70000/d?password=secret', 'the database port must be 1-65535'"
    })
    void whatIsNotAPostgresUrlIsRefusedSayingWhatIsExpected(String url, String says) {
        assertThatThrownBy(() -> PostgresUrl.parse(url, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(says).message().doesNotContain("secret");
    }
}
