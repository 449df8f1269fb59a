package io.newsdrift.io;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An iterator that reads one element ahead: subclasses say how to get the next element, or null at
 * the end. Lets readers stream records without buffering a file.
 */
abstract class Lookahead<T> implements Iterator<T> {
  private T pending;
  private boolean done;

  /** The next element, or null when there is none. */
  protected abstract T advance();

  @Override
  public final boolean hasNext() {
    if (pending == null && !done) {
      pending = advance();
      done = pending == null;
    }
    return pending != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T r = pending;
    pending = null;
    return r;
  }
}
