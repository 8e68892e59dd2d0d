package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProtocolExceptionTest {

    @Test
    void recoverableErrorHasNoCloseCodeAndNoRefByDefault() {
        ProtocolException e = new ProtocolException(ErrorCode.BAD_FRAME, "m");

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.getMessage()).isEqualTo("m");
        assertThat(e.ref()).isNull();
        assertThat(e.closeCode()).isZero();
    }

    @Test
    void withRefKeepsEverythingElse() {
        ProtocolException e = new ProtocolException(ErrorCode.BAD_REQUEST, "m", null, CloseCodes.BAD_HELLO).withRef("c-1");

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo("m");
        assertThat(e.ref()).isEqualTo("c-1");
        assertThat(e.closeCode()).isEqualTo(CloseCodes.BAD_HELLO);
    }
}
