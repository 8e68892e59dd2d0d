package dev.parley.relay.web;

/**
 * One file of the web client, ready to send: its bytes, a gzip copy when that is smaller, its media type and the
 * entity tags of both forms.
 *
 * @param gzipped the gzip-compressed bytes, or {@code null} when compressing does not pay (images, tiny files)
 */
public record StaticFile(String path, byte[] bytes, byte[] gzipped, String contentType, String etag) {

    /** The entity tag of the gzip form: another representation, so another tag (RFC 9110 §8.8.3). */
    public String gzipEtag() {
        return etag.substring(0, etag.length() - 1) + "-gz\"";
    }
}
