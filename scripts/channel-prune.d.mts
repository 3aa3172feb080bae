/** The model with the dead channels of every conv chain dropped, and how many chains and channels. */
export declare function pruneChannels(
  bytes: Uint8Array,
  options: { deadBelow: number; multiple: number }
): { bytes: Buffer; pruned: number; channelsBefore: number; channelsAfter: number }
