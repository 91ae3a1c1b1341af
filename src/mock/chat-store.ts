import { hash32 } from '../random.js';
import { BLOCK, digitsOf, drawBlock, drawDigit, idOf } from './ids.js';

/** What a later turn may refer back to. */
export interface StoredChat {
  /** The first INPUT_HEAD_CHARS UTF-16 units of the chat's input: all a follow-up reply quotes. */
  inputHead: string;
  turns: number;
  /** The agent the chat was held with, as the number `add` was given. */
  agent: number;
}

export const INPUT_HEAD_CHARS = 60;
const PREFIX = 'chat_';

/** What hides a slot in an id: a hash of the id's random blocks, in [0, BLOCK). */
const mask = (b: number, c: number): number => hash32(b, c) % BLOCK;

/** The first block of the id of a chat in `slot` whose random blocks are b and c. */
export function slotBlock(slot: number, b: number, c: number): number {
  return (slot + mask(b, c)) % BLOCK;
}

/**
 * The chats a previousChatId may continue, at most `capacity`, the oldest forgotten first.
 * A chat lives in a ring slot, and its id says which: the first block of the id is the slot plus
 * a hash of the id's two random blocks, so a lookup decodes the id instead of hashing it. (The
 * slot plus a random block itself left two blocks visibly alike: chat_RvYYOcuYYO….) The rest is
 * typed arrays, so a stored chat costs the garbage collector nothing: a Map of 100 000 chats
 * (fresh id and input strings, one object each) made every request about 2 µs dearer than the
 * same Map with 1 000, in a micro-benchmark.
 */
export class ChatStore {
  private readonly capacity: number;
  /** 0 marks an empty slot: a stored chat has at least one turn. */
  private readonly turns: Uint32Array;
  private readonly agents: Uint32Array;
  /** The random parts of each slot's id (see idOf: blocks b and c, digit d). */
  private readonly idB: Uint32Array;
  private readonly idC: Uint32Array;
  private readonly idD: Uint8Array;
  private readonly headLength: Uint8Array;
  private readonly heads: Uint16Array;
  private next = 0;
  private count = 0;

  /** `capacity` above 62⁵ (9·10⁸) is cut to it: the slot must fit in one id block. */
  constructor(
    capacity: number,
    private readonly random: () => number,
  ) {
    this.capacity = Math.max(1, Math.min(capacity, BLOCK));
    this.turns = new Uint32Array(this.capacity);
    this.agents = new Uint32Array(this.capacity);
    this.idB = new Uint32Array(this.capacity);
    this.idC = new Uint32Array(this.capacity);
    this.idD = new Uint8Array(this.capacity);
    this.headLength = new Uint8Array(this.capacity);
    this.heads = new Uint16Array(this.capacity * INPUT_HEAD_CHARS);
  }

  /** Stores a new chat with `agent` (any number the caller uses to name agents) in the oldest slot and returns its new id. */
  add(input: string, turns: number, agent = 0): string {
    const slot = this.next;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.turns[slot] === 0) this.count++;
    const b = drawBlock(this.random);
    const c = drawBlock(this.random);
    const d = drawDigit(this.random);
    this.turns[slot] = turns;
    this.agents[slot] = agent;
    this.idB[slot] = b;
    this.idC[slot] = c;
    this.idD[slot] = d;
    const length = Math.min(input.length, INPUT_HEAD_CHARS);
    this.headLength[slot] = length;
    const at = slot * INPUT_HEAD_CHARS;
    for (let i = 0; i < length; i++) this.heads[at + i] = input.charCodeAt(i);
    return idOf(PREFIX, slotBlock(slot, b, c), b, c, d);
  }

  get(chatId: string): StoredChat | undefined {
    const digits = digitsOf(chatId, PREFIX);
    if (!digits) return undefined;
    const slot = (digits.a - mask(digits.b, digits.c) + BLOCK) % BLOCK;
    if (slot >= this.capacity || this.turns[slot] === 0 || this.idB[slot] !== digits.b || this.idC[slot] !== digits.c || this.idD[slot] !== digits.d) return undefined;
    const at = slot * INPUT_HEAD_CHARS;
    return {
      inputHead: String.fromCharCode(...this.heads.subarray(at, at + this.headLength[slot]!)),
      turns: this.turns[slot]!,
      agent: this.agents[slot]!,
    };
  }

  get size(): number {
    return this.count;
  }
}
