/** Remembered chats for previousChatId, bounded: the oldest entry is evicted first (Map keeps insertion order). */
export interface StoredChat {
  agentId: string;
  lastInput: string;
  turns: number;
}

export class ChatStore {
  private readonly chats = new Map<string, StoredChat>();
  constructor(private readonly capacity: number) {}

  get(chatId: string): StoredChat | undefined {
    return this.chats.get(chatId);
  }

  set(chatId: string, chat: StoredChat): void {
    this.chats.set(chatId, chat);
    if (this.chats.size > this.capacity) this.chats.delete(this.chats.keys().next().value as string);
  }

  get size(): number {
    return this.chats.size;
  }
}
