package org.spinecds.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.spinecds.cdshooks.CdsHooksException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request body up to a limit, so an oversized body is refused with 413 before it fills memory.
 * The limit is {@code spinecds.max-request-bytes}: large enough for a patient's prefetch, small enough to be safe.
 */
@Component
public class RequestBodyReader {

    private final int maxBytes;

    public RequestBodyReader(@Value("${spinecds.max-request-bytes:10485760}") int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public byte[] read(HttpServletRequest request) {
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("The request body could not be read", e);
        }
    }

    private CdsHooksException tooLarge() {
        return new CdsHooksException(413, "too-long", "The request body exceeds " + maxBytes + " bytes");
    }
}
