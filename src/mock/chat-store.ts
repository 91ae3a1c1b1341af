/** Remembered chats for previousChatId, bounded: the oldest entry is evicted first. */
export interface StoredChat {
  agentId: string;
  lastInput: string;
  turns: number;
}

/**
 * A Map plus a ring of its keys in insertion order. Evicting through the ring is O(1); asking the
 * Map for its first key is not (V8 walks past every deleted entry until it rehashes).
 */
export class ChatStore {
  private readonly chats = new Map<string, StoredChat>();
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<string | undefined>(capacity);
  }

  get(chatId: string): StoredChat | undefined {
    return this.chats.get(chatId);
  }

  set(chatId: string, chat: StoredChat): void {
    const oldest = this.ring[this.next];
    if (oldest !== undefined) this.chats.delete(oldest);
    this.ring[this.next] = chatId;
    this.next = (this.next + 1) % this.capacity;
    this.chats.set(chatId, chat);
  }

  get size(): number {
    return this.chats.size;
  }
}
