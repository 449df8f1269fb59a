package io.newsdrift.io;

import java.io.Serializable;

/** A raw file found under an input URI: its full URI, size in bytes and modification time. */
public record InputFile(String uri, long size, long modifiedMillis) implements Serializable {}
