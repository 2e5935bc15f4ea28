// A typed event emitter without `vscode`, shaped like vscode.EventEmitter so views can adopt it.
export type Listener<T> = (value: T) => void;

export interface Disposable {
  dispose(): void;
}

export class Emitter<T> {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // One listener's failure must not stop the others or the run that fired the event.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
