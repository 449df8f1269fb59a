package io.newsdrift.io;

import java.io.Serializable;

/**
 * What reading one raw file saw: its bytes as stored (compressed if it is), their CRC-32, and how
 * many records it yielded. Recorded in the {@code runs} manifest.
 */
public record FileDigest(String uri, long bytes, String crc32, long records)
    implements Serializable {}
