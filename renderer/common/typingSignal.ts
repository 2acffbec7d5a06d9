// Tells the other side "typing" once per burst of keystrokes and "stopped" after a pause, rather
// than one event per key.

export class TypingSignal {
  private typing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly emit: (typing: boolean) => void,
    private readonly idleMs = 3000,
  ) {}

  input(): void {
    if (!this.typing) {
      this.typing = true;
      this.emit(true);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.stop(), this.idleMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.typing) {
      this.typing = false;
      this.emit(false);
    }
  }
}
