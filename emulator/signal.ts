// Frida-style signals: properties with connect/disconnect (no EventEmitter `.on`).
import type { Signal } from '../host/device/types.js';

export class SignalSource<H extends (...args: any[]) => void> implements Signal<H> {
  private handlers: H[] = [];

  connect(handler: H): void {
    this.handlers.push(handler);
  }

  disconnect(handler: H): void {
    const i = this.handlers.indexOf(handler);
    if (i >= 0) this.handlers.splice(i, 1);
  }

  /** Calls every handler; one failing handler does not stop the others (errors go to `onError`). */
  emit(...args: Parameters<H>): void {
    for (const h of [...this.handlers]) {
      try {
        h(...args);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  get size(): number {
    return this.handlers.length;
  }
}
