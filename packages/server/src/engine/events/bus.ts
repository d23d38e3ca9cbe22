/** After-commit events (`deals.stage_changed`, `records.created`…) for workflows and notifications. */
export type Listener = (payload: any) => void | Promise<void>;

export class EventBus {
  private listeners = new Map<string, Listener[]>();

  on(name: string, fn: Listener): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }

  async emit(name: string, payload: unknown): Promise<void> {
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        await fn(payload);
      } catch (err) {
        // A failing listener must not undo or fail a committed write.
        console.error(`event listener for ${name} failed`, err);
      }
    }
  }
}
