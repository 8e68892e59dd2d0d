package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The nick, room and id rules of PROTOCOL.md as clients use them before sending. */
class NamesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "alice",                 // plain
            " alice ",               // trimmed before checking
            "Ada Lovelace",          // inner space
            "x_y-z.w",               // _ - and .
            "Ñandú",                 // Latin letters with diacritics
            "Ελένη",                 // Greek
            "사용자",                 // Hangul
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", // 32 characters
    })
    void validNicksHaveNoProblem(String nick) {
        assertThat(Names.nickProblem(nick)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "",                      // empty
            " \t ",                  // empty after trimming
            "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn", // 33 characters
            "alice!",                // punctuation
            "a,b",                   // comma
            "a\tb",                  // inner tab
            "a\u00A0b",              // inner no-break space: only the plain space is allowed
            "a\u200Bb",              // zero-width space
            "a\u0000b",              // NUL
            "☃",                     // symbol
            "a😀",                   // emoji
    })
    void invalidNicksHaveAProblem(String nick) {
        assertThat(Names.nickProblem(nick)).isPresent();
    }

    @Test
    void missingNickHasAProblem() {
        assertThat(Names.nickProblem(null)).isPresent();
    }

    @Test
    void normalizedNickIsTheTrimmedForm() {
        assertThat(Names.normalizeNick("  Ada Lovelace\n")).isEqualTo("Ada Lovelace");
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
            "alice, ALICE",          // ASCII
            "Alice, aLiCe",          // mixed
            "Émile, éMILE",          // Latin-1
            "Ελένη, ΕΛΈΝΗ",          // Greek
            "ΟΔΟΣ, οδος",            // Greek capital sigma vs final small sigma
    })
    void nicksThatDifferOnlyInCaseHaveTheSameKey(String a, String b) {
        assertThat(Names.nickKey(a)).isEqualTo(Names.nickKey(b));
    }

    @Test
    void differentNicksHaveDifferentKeys() {
        assertThat(Names.nickKey("alice")).isNotEqualTo(Names.nickKey("alice2"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"lobby", "a", "0", "_", "-", "team-7_b", "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr"})
    void validRoomsHaveNoProblem(String room) {
        assertThat(Names.roomProblem(room)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "",                      // empty
            "Lobby",                 // upper case
            "lob by",                // space
            " lobby",                // not trimmed on the wire
            "lobby\n",               // newline
            "lob.by",                // dot
            "lobby/1",               // slash
            "ünï",                   // non-ASCII letters
            "ｌｏｂｂｙ",              // full-width letters
            "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr", // 65 characters
    })
    void invalidRoomsHaveAProblem(String room) {
        assertThat(Names.roomProblem(room)).isPresent();
    }

    @Test
    void missingRoomHasAProblem() {
        assertThat(Names.roomProblem(null)).isPresent();
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource(quoteCharacter = '`', value = {
            "`  Lobby `, lobby",     // trimmed and lower-cased
            "MY-ROOM, my-room",      // lower-cased
            "team_7, team_7",        // already fine
    })
    void clientsLowerCaseWhatTheUserTypes(String typed, String sent) {
        assertThat(Names.normalizeRoomInput(typed)).isEqualTo(sent);
        assertThat(Names.roomProblem(Names.normalizeRoomInput(typed))).isEmpty();
    }

    @Test
    void nothingTypedBecomesAnEmptyRoomWhichIsInvalid() {
        assertThat(Names.normalizeRoomInput(null)).isEmpty();
        assertThat(Names.roomProblem(Names.normalizeRoomInput(null))).isPresent();
    }

    @Test
    void idsHave1To64Characters() {
        assertThat(Names.idProblem("c")).isEmpty();
        assertThat(Names.idProblem("i".repeat(64))).isEmpty();
        assertThat(Names.idProblem("😀".repeat(64))).isEmpty();
        assertThat(Names.idProblem("i".repeat(65))).isPresent();
        assertThat(Names.idProblem("")).isPresent();
        assertThat(Names.idProblem(null)).isPresent();
    }
}
